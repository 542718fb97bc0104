using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>
/// One of the project's emulators (<c>tools/LogHubEmulator</c>, <c>tools/WebHdfsEmulator</c>) run as its own process,
/// from the build output of the test's configuration; ready once it printed its <c>http://127.0.0.1:PORT</c> line.
/// Faults and statistics go through its unsigned <c>/_emulator/</c> admin API.
/// </summary>
public sealed partial class EmulatorProcess : IDisposable
{
    private readonly ToolProcess _tool;
    private readonly HttpClient _admin = new();

    private EmulatorProcess(ToolProcess tool)
    {
        _tool = tool;
    }

    /// <summary>The first address printed (the LogHub endpoint, or the WebHDFS NameNode).</summary>
    public Uri Url { get; private init; } = null!;

    public string Output => _tool.Output.Text;

    public static EmulatorProcess LogHub(params string[] args) => Start("LogHubEmulator", "FlumeNet.LogHubEmulator.dll", args);

    public static EmulatorProcess WebHdfs(params string[] args) => Start("WebHdfsEmulator", "FlumeNet.WebHdfsEmulator.dll", args);

    /// <param name="environment">Variables for the emulator process (e.g. KRB5_KTNAME for --kerberos).</param>
    public static EmulatorProcess WebHdfs(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start("WebHdfsEmulator", "FlumeNet.WebHdfsEmulator.dll", args, environment);

    /// <summary>Injects a fault (the emulator's JSON fault description).</summary>
    public void Fault(object fault)
    {
        using var response = _admin.PostAsJsonAsync(new Uri(Url, "/_emulator/faults"), fault).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Calls another admin action, e.g. <c>split</c>.</summary>
    public void Admin(string action, object body)
    {
        using var response = _admin.PostAsJsonAsync(new Uri(Url, "/_emulator/" + action), body).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    public JsonDocument Stats()
    {
        var text = _admin.GetStringAsync(new Uri(Url, "/_emulator/stats")).GetAwaiter().GetResult();
        return JsonDocument.Parse(text);
    }

    public void Dispose()
    {
        _tool.Dispose();
        _admin.Dispose();
    }

    private static EmulatorProcess Start(string project, string dll, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var tool = ToolProcess.Start(project, dll, args, UrlPattern(), TimeSpan.FromSeconds(60), environment);
        return new EmulatorProcess(tool) { Url = new Uri(tool.Ready.Value) };
    }

    [GeneratedRegex(@"https?://127\.0\.0\.1:[0-9]+")]
    private static partial Regex UrlPattern();
}
