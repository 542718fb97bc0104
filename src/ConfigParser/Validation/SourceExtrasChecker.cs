using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>A source's channel selector and interceptor chain (reference §3.6, §6.4, §6.5): failures there make Flume drop the source.</summary>
public static class SourceExtrasChecker
{
    public static void Check(ValidationContext ctx, string sourceName)
    {
        var source = ctx.Component(SectionKind.Sources, sourceName);
        var ok = CheckSelector(ctx, source, ctx.Agent.SourceChannels[sourceName]);
        ok &= CheckInterceptors(ctx, source);
        if (!ok)
        {
            ctx.Drop(SectionKind.Sources, sourceName);
        }
    }

    private static bool CheckSelector(ValidationContext ctx, ComponentConfig source, List<string> channels)
    {
        var subject = $"the selector of source '{source.Name}'";
        var typeProp = source.Find("selector.type");
        var spec = typeProp is null
            ? ctx.Catalog.Resolve(ComponentKind.ChannelSelector, "replicating")?.Spec
            : TypeResolver.Resolve(ctx, ComponentKind.ChannelSelector, typeProp, $"source '{source.Name}'");
        if (spec is null)
        {
            return typeProp is null;
        }
        var props = new List<ConfigProperty>(source.SubProperties("selector."));
        var ok = OptionChecker.Check(props, spec, source.Prefix + ".selector.", ["type"], subject, source.Location, ctx.Diagnostics);
        foreach (var p in props)
        {
            // The multiplexing selector never reads a bare 'optional' (only optional.<value>): Flume ignores it.
            var multiplexing = spec.DisplayName == "multiplexing";
            if ((p.Key == "optional" && !multiplexing) || p.Key == "default" || p.Key.StartsWith("mapping.", StringComparison.Ordinal)
                || p.Key.StartsWith("optional.", StringComparison.Ordinal))
            {
                ok &= CheckSelectorChannels(ctx, source, p, channels, spec.DisplayName == "multiplexing");
            }
        }
        return ok;
    }

    private static bool CheckSelectorChannels(ValidationContext ctx, ComponentConfig source, ConfigProperty p, List<string> channels, bool multiplexing)
    {
        // The multiplexing selector splits on a single space, so a double space yields an empty channel name.
        var names = multiplexing ? p.Value.Split(' ') : p.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ok = true;
        foreach (var n in names)
        {
            if (channels.Contains(n))
            {
                continue;
            }
            var what = n.Length == 0 ? "an empty channel name (two spaces in a row)" : $"'{n}', which is not a channel of source '{source.Name}'";
            var hint = n.Length == 0 ? "separate names with one space" : $"the source's channels: {string.Join(' ', channels)}";
            if (multiplexing)
            {
                ctx.Diagnostics.Error(p.Location, DiagnosticCodes.ConfigError, p.FullKey,
                    $"names {what}; Flume fails to build the selector and drops the source", hint);
                ok = false;
            }
            else
            {
                ctx.Diagnostics.Error(p.Location, DiagnosticCodes.ConfigError, p.FullKey,
                    $"names {what}; Flume's every put to it fails at run time", hint);
            }
        }
        return ok;
    }

    // regex_extractor: every listed serializer needs a header name; Flume's builder refuses one without it.
    private static bool CheckExtractorSerializers(ValidationContext ctx, ComponentConfig source, List<ConfigProperty> props, ComponentSpec spec,
        string prefix, string subject)
    {
        if (spec.FindOption("serializers") is null || props.Find(p => p.Key == "serializers") is not { } list)
        {
            return true;
        }
        var ok = true;
        foreach (var s in NameList.SplitWhitespace(list.Value))
        {
            if (props.Find(p => p.Key == $"serializers.{s}.name") is { Value.Length: > 0 })
            {
                continue;
            }
            ctx.Diagnostics.Error(list.Location, DiagnosticCodes.MissingRequired, $"{source.Prefix}.{prefix}serializers.{s}.name",
                $"serializer '{s}' of {subject} has no name (the header it sets); Flume fails to build the interceptor and drops source '{source.Name}'",
                $"add {source.Prefix}.{prefix}serializers.{s}.name = <header>");
            ok = false;
        }
        return ok;
    }

    private static bool CheckInterceptors(ValidationContext ctx, ComponentConfig source)
    {
        var listProp = source.Find("interceptors");
        var listed = listProp is null ? [] : NameList.SplitWhitespace(listProp.Value);
        var ok = true;
        foreach (var name in listed)
        {
            var prefix = $"interceptors.{name}.";
            var props = new List<ConfigProperty>(source.SubProperties(prefix));
            var subject = $"interceptor '{name}' of source '{source.Name}'";
            var type = props.Find(p => p.Key == "type");
            if (type is null)
            {
                ctx.Diagnostics.Error(listProp!.Location, DiagnosticCodes.AttrsMissing, $"{source.Prefix}.{prefix}type",
                    $"{subject} has no type; Flume drops the source", $"add {source.Prefix}.{prefix}type = timestamp|host|static|…");
                ok = false;
                continue;
            }
            var spec = TypeResolver.Resolve(ctx, ComponentKind.Interceptor, type, $"source '{source.Name}'");
            if (spec is null)
            {
                ok = false;
                continue;
            }
            ctx.Specs[(SectionKind.Sources, $"{source.Name}/{name}")] = spec;
            ok &= OptionChecker.Check(props, spec, $"{source.Prefix}.{prefix}", ["type"], subject, type.Location, ctx.Diagnostics);
            ok &= CheckExtractorSerializers(ctx, source, props, spec, prefix, subject);
        }
        foreach (var p in source.Properties)
        {
            if (!p.Key.StartsWith("interceptors.", StringComparison.Ordinal))
            {
                continue;
            }
            var rest = p.Key["interceptors.".Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var name = dot < 0 ? rest : rest[..dot];
            if (!listed.Contains(name))
            {
                ctx.Diagnostics.Warning(p.Location, DiagnosticCodes.ComponentNotListed, p.FullKey,
                    $"interceptor '{name}' is not in {source.Prefix}.interceptors; Flume ignores this property",
                    $"{source.Prefix}.interceptors = {string.Join(' ', listed)} {name}".Replace("=  ", "= ", StringComparison.Ordinal));
            }
        }
        return ok;
    }
}
