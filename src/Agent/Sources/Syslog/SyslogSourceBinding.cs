using System.Globalization;
using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>Builds the syslog sources from their validated options; the registry's syslog lines pass these factories.</summary>
public static class SyslogSourceBinding
{
    public static readonly ComponentFactory SyslogTcp = new() { Source = (o, p) => new SyslogTcpSource(o.Name, Bind(o, o.GetInt("eventSize", 2500), ssl: true), p) };

    public static readonly ComponentFactory SyslogUdp = new() { Source = (o, p) => new SyslogUdpSource(o.Name, Bind(o, SyslogUdpSource.EventSize, ssl: false), p) };

    public static readonly ComponentFactory MultiportSyslogTcp = new() { Source = (o, p) => new MultiportSyslogTcpSource(o.Name, BindMultiport(o), p) };

    public static SyslogSourceOptions Bind(BoundOptions o, int eventSize, bool ssl)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SyslogSourceOptions(o.GetString("host"), o.GetInt("port", 0), eventSize, SyslogKeepFields.Parse(o.GetString("keepFields")),
            NonEmpty(o.GetString("clientIPHeader")), NonEmpty(o.GetString("clientHostnameHeader")), ssl ? ServerTls.Bind(o) : null);
    }

    public static MultiportSyslogSourceOptions BindMultiport(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var ports = new List<int>();
        foreach (var p in (o.GetString("ports") ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            ports.Add(int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 65535
                ? v
                : throw new ArgumentException($"'{o.Name}': ports: '{p}' is not a port number"));
        }
        if (ports.Count == 0)
        {
            throw new ArgumentException($"'{o.Name}': ports must list at least one port");
        }
        var charsets = new Dictionary<int, Encoding>();
        foreach (var (key, name) in o.Sub("charset.port."))
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                throw new ArgumentException($"'{o.Name}': charset.port.{key}: '{key}' is not a port number");
            }
            charsets[port] = Charset(o, "charset.port." + key, name);
        }
        return new MultiportSyslogSourceOptions(o.GetString("host"), ports, o.GetInt("eventSize", 2500), SyslogKeepFields.Parse(o.GetString("keepFields")),
            NonEmpty(o.GetString("portHeader")), NonEmpty(o.GetString("clientIPHeader")), NonEmpty(o.GetString("clientHostnameHeader")),
            Charset(o, "charset.default", o.GetString("charset.default") ?? "UTF-8"), charsets, Math.Max(1, o.GetInt("batchSize", 100)),
            Math.Max(1, o.GetInt("readBufferBytes", 1024)), ServerTls.Bind(o));
    }

    private static Encoding Charset(BoundOptions o, string key, string name)
    {
        try
        {
            return JavaCharsets.ForName(name.Trim());
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{o.Name}': {key}: unsupported charset '{name}'", ex);
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
