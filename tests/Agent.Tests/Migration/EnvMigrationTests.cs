using FlumeNet.Agent.Migration;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class EnvMigrationTests
{
    private static EnvPlan Plan(string text, params string[] sysRead) =>
        EnvMigration.Plan(EnvFileReader.Parse("/conf/flume-env.sh", text), sysRead.ToHashSet());

    [Fact]
    public void HeapAndGcOptions_AreNotNeeded_AndTheHeapIsRemembered()
    {
        var plan = Plan("export JAVA_OPTS=\"-Xms100m -Xmx2000m -XX:+UseG1GC -verbose:gc\"");
        Assert.All(plan.Items, i => Assert.Equal(EnvItemKind.NotNeeded, i.Kind));
        Assert.Equal(4, plan.Items.Count);
        Assert.Equal(2000L * 1024 * 1024, plan.MaxHeapBytes);
        Assert.Empty(plan.Flags);
    }

    [Fact]
    public void MonitoringAndLoggingFlags_AreKept_OtherPropertiesOnlyWhenTheConfigReadsThem()
    {
        var plan = Plan("JAVA_OPTS=\"-Dflume.monitoring.type=http -Dflume.monitoring.port=34545 -Dflume.root.logger=INFO,console -Dapp.name=orders -Dother=x\"", "app.name");
        Assert.Equal(
            ["flume.monitoring.type=http", "flume.monitoring.port=34545", "flume.root.logger=INFO,console", "app.name=orders"],
            plan.Flags.Select(f => $"{f.Key}={f.Value}"));
        Assert.Contains(plan.Items, i => i.Kind == EnvItemKind.NotApplicable && i.Subject == "-Dother=x");
    }

    [Fact]
    public void HadoopHome_BecomesHadoopConfDir_UnlessThatIsSet()
    {
        Assert.Equal("/opt/hadoop/etc/hadoop", Plan("export HADOOP_HOME=/opt/hadoop/").Variables.Single(v => v.Key == "HADOOP_CONF_DIR").Value);
        var both = Plan("export HADOOP_HOME=/opt/hadoop\nexport HADOOP_CONF_DIR=/etc/ecm/hadoop-conf");
        Assert.Equal("/etc/ecm/hadoop-conf", both.Variables.Single(v => v.Key == "HADOOP_CONF_DIR").Value);
    }

    [Fact]
    public void ClasspathEntries_AreNotApplicable_JindoSdkSaysWhyOssIsNotSupported()
    {
        var plan = Plan("export FLUME_CLASSPATH=/opt/jindosdk/jindo-core.jar:/opt/lib/custom.jar");
        Assert.Equal(2, plan.Items.Count);
        Assert.Contains("oss://", plan.Items[0].Why, StringComparison.Ordinal);
        Assert.All(plan.Items, i => Assert.Equal(EnvItemKind.NotApplicable, i.Kind));
    }

    [Fact]
    public void Secrets_AreListedByName_NeverByValue()
    {
        var plan = Plan("export SLS_ACCESS_KEY_SECRET=abc123\nJAVA_OPTS=\"-Djavax.net.ssl.keyStorePassword=hunter2\"");
        Assert.Equal(["SLS_ACCESS_KEY_SECRET"], plan.Secrets.Select(s => s.Name));
        Assert.Empty(plan.Variables);
        var rendered = EnvFileWriter.Render(plan);
        Assert.DoesNotContain("abc123", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Items, i => i.Subject.Contains("hunter2", StringComparison.Ordinal) || i.Why.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void UserTimezone_BecomesTz_AndExportedVariablesAreCarried()
    {
        var plan = Plan("JAVA_OPTS=-Duser.timezone=Asia/Shanghai\nexport APP_LOG=/var/log/app.log\nLOCAL_ONLY=1");
        Assert.Equal(["TZ=Asia/Shanghai", "APP_LOG=/var/log/app.log"], plan.Variables.Select(v => $"{v.Key}={v.Value}"));
        Assert.Contains(plan.Items, i => i.Subject == "LOCAL_ONLY" && i.Kind == EnvItemKind.NotApplicable);
    }

    [Fact]
    public void EnvFile_QuotesWhatAShellWouldExpand()
    {
        var plan = new EnvPlan();
        plan.AddVariable("A", "plain/value-1", "why", 1);
        plan.AddVariable("B", "two words $HOME \"q\"", "why", 2);
        var text = EnvFileWriter.Render(plan);
        Assert.Contains("\nA=plain/value-1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nB=\"two words \\$HOME \\\"q\\\"\"\n", text, StringComparison.Ordinal);
    }
}
