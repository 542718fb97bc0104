using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Tests.Support;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Tests.Registry;

/// <summary>
/// docs/components.md is generated from the registry and committed. This test regenerates it and compares; with
/// FLUMENET_UPDATE_GOLDEN=1 it rewrites the file instead, and the diff is reviewed like any change.
/// </summary>
public sealed class ComponentReferenceTests
{
    private static readonly string DocPath = Path.Combine(RepoPaths.Root, "docs", "components.md");

    [Fact]
    public void ComponentsDoc_MatchesTheRegistry()
    {
        var actual = ComponentReference.RenderMarkdown(ComponentRegistry.Default);
        if (RepoPaths.UpdateGolden)
        {
            File.WriteAllText(DocPath, actual);
            return;
        }
        Assert.True(File.Exists(DocPath), $"missing {DocPath}; run the tests with FLUMENET_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(DocPath), actual);
    }

    [Fact]
    public void Markdown_IsDeterministic_AndCoversEveryComponent()
    {
        var first = ComponentReference.RenderMarkdown(ComponentRegistry.Default);
        var second = ComponentReference.RenderMarkdown(ComponentRegistry.Default);

        Assert.Equal(first, second);
        foreach (var spec in ComponentRegistry.Default.All)
        {
            Assert.Contains($"\n### {spec.DisplayName}\n", first, StringComparison.Ordinal);
            Assert.Contains($"`{spec.ClassNames[0]}`", first, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_MarksSecretsPrefixesAndIgnoredKeys()
    {
        var md = ComponentReference.RenderMarkdown(ComponentRegistry.Default);

        Assert.Contains("| `accessKey` | string | – | yes | AccessKey secret. **Secret.** |", md, StringComparison.Ordinal);
        Assert.Contains("| `kafka.consumer.*` | prefix: string |", md, StringComparison.Ordinal);
        Assert.Contains("*Ignored by this agent: timers run on .NET's shared timer queue, which needs no dedicated threads.*", md, StringComparison.Ordinal);
        Assert.Contains("| `hdfs.rollInterval` | long | `30` |", md, StringComparison.Ordinal);
        Assert.Contains("| `port` | int 0–65535 | – | yes |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_HasAHeaderRow_ThenOneLinePerComponent()
    {
        var text = ComponentReference.RenderText(ComponentRegistry.Default);
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^KIND +TYPE +CLASS +STATUS$", all[0]);
        var lines = all[1..];

        Assert.Equal(ComponentRegistry.Default.All.Count, lines.Length);
        Assert.Matches(@"^source +seq +org\.apache\.flume\.source\.SequenceGeneratorSource +runnable$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("source ", StringComparison.Ordinal) && l.Contains(" - ", StringComparison.Ordinal)
            && l.Contains("org.apache.flume.source.loghub.LogHubSource", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("config filter ", StringComparison.Ordinal) && l.EndsWith("runnable", StringComparison.Ordinal));
    }

    [Fact]
    public void Component_ListsItsOptionsWithDefaults()
    {
        var spec = ComponentRegistry.Default.Resolve(ComponentKind.Channel, "memory")!.Spec;
        var text = ComponentReference.RenderComponent(spec);

        Assert.StartsWith("memory (channel, Flume, runnable)\n", text, StringComparison.Ordinal);
        Assert.Contains("  class: org.apache.flume.channel.MemoryChannel\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n  transactionCapacity +int ≥ 1, default 100\n", text);
        Assert.Matches(@"\n  keep-alive +int, default 3\n", text);
    }
}
