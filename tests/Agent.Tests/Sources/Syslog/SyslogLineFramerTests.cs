using System.Text;
using FlumeNet.Agent.Sources.Syslog;

namespace FlumeNet.Agent.Tests.Sources.Syslog;

public sealed class SyslogLineFramerTests
{
    private static List<(string Line, bool Incomplete)> Frame(int eventSize, params string[] parts)
    {
        var lines = new List<(string, bool)>();
        var framer = new SyslogLineFramer(eventSize);
        foreach (var p in parts)
        {
            framer.Feed(Encoding.UTF8.GetBytes(p), (l, inc) => lines.Add((Encoding.UTF8.GetString(l), inc)));
        }
        framer.Flush((l, inc) => lines.Add((Encoding.UTF8.GetString(l), inc)));
        return lines;
    }

    [Fact]
    public void SplitsOnNewline_AcrossReads_SkippingEmptyLines()
    {
        Assert.Equal([("<1>a", false), ("<2>bb\r", false), ("<3>c", false)], Frame(100, "<1>a\n\n<2>b", "b\r\n<3>c"));
    }

    [Fact]
    public void LineReachingEventSize_IsCutAsIncomplete_RestIsNextLine()
    {
        Assert.Equal([("<1>45", true), ("6789", false)], Frame(5, "<1>456789\n"));
    }

    [Fact]
    public void OctetCountedFrames_AreRecognised()
    {
        Assert.Equal([("<1>a\nb", false), ("<2>c", false)], Frame(100, "6 <1>a", "\nb4 <2>c"));
    }

    [Fact]
    public void DigitsNotFollowedByAFrame_AreAPlainLine()
    {
        Assert.Equal([("12 x", false)], Frame(100, "12 x\n"));
    }
}
