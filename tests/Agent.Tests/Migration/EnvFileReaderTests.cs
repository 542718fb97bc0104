using FlumeNet.Agent.Migration;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class EnvFileReaderTests
{
    private static EnvFile Parse(string text) => EnvFileReader.Parse("flume-env.sh", text);

    [Fact]
    public void Parse_AccumulatesJavaOpts_ThroughSelfReferences()
    {
        var env = Parse("""
            JAVA_OPTS="-Xmx1g"
            JAVA_OPTS="$JAVA_OPTS -Dflume.monitoring.type=http"
            export JAVA_OPTS="${JAVA_OPTS} -Dflume.monitoring.port=34545"
            """);
        var opts = env.Find("JAVA_OPTS")!;
        Assert.Equal("-Xmx1g -Dflume.monitoring.type=http -Dflume.monitoring.port=34545", opts.Value);
        Assert.True(opts.Exported);
        Assert.Equal(3, opts.Line);
    }

    [Fact]
    public void Parse_SelfReferenceToUnsetVariable_ExpandsToNothing_OtherUnsetVariablesStayVisible()
    {
        var env = Parse("""
            export JAVA_OPTS="$JAVA_OPTS -Xms1g"
            export FLUME_CLASSPATH="$FLUME_HOME/lib/extra.jar"
            """);
        Assert.Equal(["-Xms1g"], EnvMigration.Tokens(env.Find("JAVA_OPTS")!.Value));
        Assert.Equal("$FLUME_HOME/lib/extra.jar", env.Find("FLUME_CLASSPATH")!.Value);
    }

    [Fact]
    public void Parse_HonoursQuotesDefaultsContinuationsAndLaterExport()
    {
        var env = Parse("""
            LITERAL='$HOME is not expanded'
            DIR=${CONF_DIR:-/etc/flume/conf}
            JAVA_OPTS="-Xms1g \
              -Xmx2g"
            export DIR
            PLAIN=value # trailing comment
            """);
        Assert.Equal("$HOME is not expanded", env.Find("LITERAL")!.Value);
        Assert.Equal("/etc/flume/conf", env.Find("DIR")!.Value);
        Assert.True(env.Find("DIR")!.Exported);
        Assert.False(env.Find("PLAIN")!.Exported);
        Assert.Equal("value", env.Find("PLAIN")!.Value);
        Assert.Equal(["-Xms1g", "-Xmx2g"], EnvMigration.Tokens(env.Find("JAVA_OPTS")!.Value));
    }

    [Fact]
    public void Parse_NeverAssumesWhatOnlyAShellCouldDecide()
    {
        var env = Parse("""
            export A=1
            HOST=$(hostname)
            if [ -d /opt/jindosdk ]; then
              export FLUME_CLASSPATH=/opt/jindosdk/*
            fi
            ulimit -n 65535
            export B=2
            """);
        Assert.Equal(["A", "B"], env.Effective().Select(a => a.Name));
        Assert.Equal([2, 3, 4, 5, 6], env.SkippedLines);
    }
}
