using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>Builds the http source from its validated options; the registry's http line passes <see cref="Factory"/>.</summary>
public static class HttpSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = (o, p) => new HttpSource(o.Name, Bind(o), p) };

    private static readonly Dictionary<string, string> DeprecatedTlsKeys = new(StringComparer.Ordinal)
    {
        ["keystore-password"] = "keystorePassword",
        ["exclude-protocols"] = "excludeProtocols",
    };

    public static HttpSourceOptions Bind(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bind = o.GetString("bind") ?? "0.0.0.0";
        if (string.IsNullOrWhiteSpace(bind))
        {
            throw new ArgumentException($"'{o.Name}': bind must not be empty");
        }
        // Flume copies the deprecated spellings onto the new keys only when the new key is absent.
        var ssl = o.Raw("ssl") is null && o.Raw("enableSSL") is { } old ? ConfigParser.Validation.OptionValues.ParseBool(old) : o.GetBool("ssl", false);
        var tls = ServerTls.Bind(o, ssl, DeprecatedTlsKeys);
        var handler = (o.GetString("handler") ?? HttpSourceOptions.JsonHandler).Trim();
        if (handler is not (HttpSourceOptions.JsonHandler or HttpSourceOptions.MorphlineBlobHandler or HttpSourceOptions.CoreBlobHandler))
        {
            throw new ArgumentException($"'{o.Name}': handler: the Java class '{handler}' cannot be loaded by this agent");
        }
        var mandatory = (o.GetString("handler.mandatoryParameters") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new HttpSourceOptions(bind.Trim(), o.GetInt("port", 0), handler,
            o.GetLong("handler.maxBlobLength", 100_000_000), mandatory, tls);
    }
}
