using FlumeNet.Agent.Hosting;

namespace FlumeNet.Agent.Tests.Release;

public sealed class StartupTrimTests
{
    private const string Exe = "/opt/flume net/lib/native/flume-ng";

    private static readonly string[] Smaps =
    [
        "00400000-00438000 r--p 00000000 08:01 77 " + Exe,
        "Rss:                 200 kB",
        "Anonymous:             0 kB",
        "00438000-01335000 r-xp 00038000 08:01 77 " + Exe,
        "Size:              15348 kB",
        "Rss:                8000 kB",
        "Anonymous:             0 kB",
        // RELRO-like: read-only now, but written before (relocations): its private pages must stay.
        "01335000-02167000 r--p 00f35000 08:01 77 " + Exe,
        "Rss:                 400 kB",
        "Anonymous:             4 kB",
        "02167000-021d3000 rw-p 01d67000 08:01 77 " + Exe,
        "Rss:                 424 kB",
        "Anonymous:           100 kB",
        "021d3000-021f0000 r--p 00000000 08:01 78 " + Exe + ".dbg",
        "Rss:                  12 kB",
        "Anonymous:             0 kB",
        "7f0000000000-7f0000100000 r-xp 00000000 08:01 90 /usr/lib/x86_64-linux-gnu/libc.so.6",
        "Rss:                1000 kB",
        "Anonymous:             0 kB",
        "7f0000200000-7f0000300000 r--p 00000000 00:00 0 ",
        "Rss:                 100 kB",
        "Anonymous:           100 kB",
        "7f0000400000-7f0000500000 r--p 00000000 08:01 77 " + Exe,
        "Rss:                   0 kB",
        "Anonymous:             0 kB",
    ];

    [Fact]
    public void CleanReadOnlyMappings_TakesOnlyTheProgramsUnwrittenReadOnlyPages()
    {
        var found = StartupTrim.CleanReadOnlyMappings(Smaps, Exe);

        StartupTrim.Mapping[] expected =
        [
            new(0x00400000, 0x00438000, 200 * 1024),
            new(0x00438000, 0x01335000, 8000 * 1024),
        ];
        Assert.Equal(expected, found);
    }

    [Fact]
    public void CleanReadOnlyMappings_WithoutAnonymousLine_TakesNothing()
    {
        string[] smaps = ["00400000-00438000 r--p 00000000 08:01 77 " + Exe, "Rss:                 200 kB"];

        Assert.Empty(StartupTrim.CleanReadOnlyMappings(smaps, Exe));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData(" FALSE ", false)]
    public void Enabled_UnlessThePropertySaysFalse(string? value, bool enabled)
    {
        var props = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [StartupTrim.Property] = value };

        Assert.Equal(enabled, StartupTrim.Enabled(props));
    }

    [Fact]
    public void Run_InTheJitBuild_DoesNothing()
    {
        // The native program's trim runs in the release tests (ReleaseTarballTests start agents from the tarball).
        Assert.Equal(0, StartupTrim.Run());
    }
}
