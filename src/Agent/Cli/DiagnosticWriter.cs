using System.Text.Json;
using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.Agent.Cli;

/// <summary>Prints diagnostics one per line (<c>FILE:LINE: error|warning: KEY: message (hint)</c>) or as a JSON array.</summary>
public static class DiagnosticWriter
{
    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, string format)
    {
        if (format == "json")
        {
            WriteJson(output, diagnostics);
            return;
        }
        foreach (var d in diagnostics)
        {
            output.WriteLine(d.ToText());
        }
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("file", d.Location.File);
                json.WriteNumber("line", d.Location.Line);
                json.WriteString("severity", d.IsError ? "error" : d.Severity == Severity.Note ? "note" : "warning");
                json.WriteString("code", d.Code);
                json.WriteString("key", d.Key);
                json.WriteString("message", d.Message);
                if (d.Hint is null)
                {
                    json.WriteNull("hint");
                }
                else
                {
                    json.WriteString("hint", d.Hint);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
