using FlumeNet.Agent.Hosting;
using NLog;

namespace FlumeNet.Agent.Tests.Release;

public sealed class JournalLayoutTests
{
    [Theory]
    [InlineData("Fatal", "<2>")]
    [InlineData("Error", "<3>")]
    [InlineData("Warn", "<4>")]
    [InlineData("Info", "<6>")]
    [InlineData("Debug", "<7>")]
    public void EachLine_StartsWithItsSyslogPriority_AndCarriesNoTimestamp(string level, string prefix)
    {
        var e = new LogEventInfo(LogLevel.FromString(level), "FlumeNet.Agent", "Agent 'a1' started:\n  source 'r1'");
        var line = new JournalLayout().Render(e);
        Assert.StartsWith(prefix + "[", line, StringComparison.Ordinal);
        Assert.Contains("(FlumeNet.Agent) - Agent 'a1' started:", line, StringComparison.Ordinal);
        Assert.Equal([prefix + "  source 'r1'"], line.Split(Environment.NewLine).Skip(1));
        Assert.DoesNotMatch(@"\d\d:\d\d:\d\d", line);
    }

    [Fact]
    public void StderrIsJournal_OnlyWhenJournalStreamNamesStderr()
    {
        Assert.False(JournalLayout.StderrIsJournal(null));
        Assert.False(JournalLayout.StderrIsJournal("garbage"));
        // The test host's stderr is a pipe or a terminal, never this socket.
        Assert.False(JournalLayout.StderrIsJournal("8:1"));
    }
}
