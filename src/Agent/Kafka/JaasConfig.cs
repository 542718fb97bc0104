using System.Text.RegularExpressions;

namespace FlumeNet.Agent.Kafka;

/// <summary>
/// The parts of a Java <c>sasl.jaas.config</c> value librdkafka needs: PLAIN/SCRAM <c>username</c>/<c>password</c>,
/// Kerberos <c>keyTab</c>/<c>principal</c>. The text holds a password: it is never put in a message or a log.
/// </summary>
public sealed partial record JaasConfig(string LoginModule, IReadOnlyDictionary<string, string> Options)
{
    public bool IsPlainOrScram => LoginModule.EndsWith(".PlainLoginModule", StringComparison.Ordinal)
        || LoginModule.EndsWith(".ScramLoginModule", StringComparison.Ordinal);

    public bool IsKerberos => LoginModule.EndsWith(".Krb5LoginModule", StringComparison.Ordinal);

    public string? Option(string name) => Options.TryGetValue(name, out var v) ? v : null;

    /// <summary>Parses <c>module.Class required key="value" key2=value2;</c>; the message of a failure never quotes the text.</summary>
    public static JaasConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = EntryPattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException("sasl.jaas.config is not of the form '<LoginModule class> required|optional|requisite|sufficient key=\"value\" ...;'");
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match o in OptionPattern().Matches(m.Groups["options"].Value))
        {
            var value = o.Groups["quoted"].Success ? Unescape(o.Groups["quoted"].Value) : o.Groups["bare"].Value;
            options[o.Groups["key"].Value] = value;
        }
        return new JaasConfig(m.Groups["module"].Value, options);
    }

    /// <summary>No option values: safe for logs.</summary>
    public override string ToString() => $"{LoginModule} ({string.Join(", ", Options.Keys)})";

    private static string Unescape(string s) => s.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<module>[A-Za-z_$][\w.$]*)\s+(?:required|optional|requisite|sufficient)(?<options>.*?);?\s*$", RegexOptions.Singleline)]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"(?<key>[\w.]+)\s*=\s*(?:""(?<quoted>(?:[^""\\]|\\.)*)""|(?<bare>[^\s;]+))", RegexOptions.Singleline)]
    private static partial Regex OptionPattern();
}
