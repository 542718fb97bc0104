using FlumeNet.Agent.Migration;

namespace FlumeNet.Agent.Tests.Migration;

/// <summary>The log4j readers and the nlog.config writer, on small files written to a temporary folder.</summary>
public sealed class LogConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("flumenet-log4j-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Log4j1_RollingFileAppender_UsesLog4jDefaults_AndFlumeVariables()
    {
        var config = Log4j1Reader.Read(Write("log4j.properties", """
            flume.log.dir=/var/log/flume
            log4j.rootLogger=WARN, R
            log4j.appender.R=org.apache.log4j.RollingFileAppender
            log4j.appender.R.File=${flume.log.dir}/agent.log
            log4j.appender.R.layout=org.apache.log4j.SimpleLayout
            """));
        var r = config.Appender("R")!;
        Assert.Equal(LogAppenderKind.RollingFile, r.Kind);
        Assert.Equal(10L * 1024 * 1024, r.MaxFileSize);
        Assert.Equal(1, r.MaxBackups);
        Assert.Equal("${var:flumeLogDir}/agent.log", r.FileName);
        Assert.Equal("%p - %m%n", r.Pattern);
        Assert.Equal("WARN", config.Root.Level);
        Assert.Equal(["R"], config.Root.AppenderRefs);
        Assert.Equal("/var/log/flume", config.FlumeProperties["flume.log.dir"]);
    }

    [Fact]
    public void Log4j1_DailyRollingFileAppender_RollsByItsDatePattern()
    {
        var config = Log4j1Reader.Read(Write("log4j.properties", """
            log4j.rootLogger=INFO, D
            log4j.appender.D=org.apache.log4j.DailyRollingFileAppender
            log4j.appender.D.File=/tmp/flume.log
            log4j.appender.D.DatePattern='.'yyyy-MM-dd-HH
            log4j.appender.D.Threshold=ERROR
            """));
        Assert.Equal("Hour", config.Appender("D")!.RollEvery);
        var plan = NLogConfigWriter.Write(config);
        Assert.Contains("archiveEvery=\"Hour\"", plan.NLogXml, StringComparison.Ordinal);
        Assert.Contains("<logger name=\"*\" minlevel=\"Error\" writeTo=\"D\" />", plan.NLogXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Log4j2Xml_DefaultRolloverKeepsSeven_AndSizeDefaultsToTenMegabytes()
    {
        var config = Log4j2XmlReader.Read(Write("log4j2.xml", """
            <Configuration>
              <Appenders>
                <RollingFile name="F" fileName="/tmp/f.log" filePattern="/tmp/f.log.%i">
                  <PatternLayout><Pattern>%m%n</Pattern></PatternLayout>
                  <SizeBasedTriggeringPolicy/>
                </RollingFile>
              </Appenders>
              <Loggers><Root level="warn"><AppenderRef ref="F"/></Root></Loggers>
            </Configuration>
            """));
        var f = config.Appender("F")!;
        Assert.Equal(10L * 1024 * 1024, f.MaxFileSize);
        Assert.Equal(7, f.MaxBackups);
        Assert.Null(f.RollEvery);
        Assert.Equal("%m%n", f.Pattern);
        Assert.Equal("WARN", config.Root.Level);
    }

    [Fact]
    public void Log4j2Properties_RootLoggerShorthand_AndPropertySubstitution()
    {
        var config = Log4j2PropertiesReader.Read(Write("log4j2.properties", """
            property.dir = /srv/logs
            appender.f.type = File
            appender.f.name = Plain
            appender.f.fileName = ${dir}/flume.log
            appender.f.layout.type = PatternLayout
            appender.f.layout.pattern = %m%n
            rootLogger = DEBUG, Plain
            """));
        Assert.Equal("DEBUG", config.Root.Level);
        Assert.Equal(["Plain"], config.Root.AppenderRefs);
        Assert.Equal("/srv/logs/flume.log", config.Appender("Plain")!.FileName);
        Assert.Equal(LogAppenderKind.File, config.Appender("Plain")!.Kind);
    }

    [Fact]
    public void Writer_GivesEachLoggerLog4jSemantics()
    {
        var config = new LogConfig("log4j.properties", "log4j 1")
        {
            Root = new LogLogger { Level = "INFO", AppenderRefs = { "FILE" } },
        };
        config.Appenders.Add(new LogAppender("FILE", LogAppenderKind.File, "org.apache.log4j.FileAppender") { FileName = "/tmp/a.log", Pattern = "%m%n" });
        config.Appenders.Add(new LogAppender("CON", LogAppenderKind.Console, "org.apache.log4j.ConsoleAppender") { StdErr = true, Pattern = "%m%n" });
        config.Loggers.Add(new LogLogger { Name = "org.apache.flume.sink.hdfs", Level = "DEBUG", Additive = false, AppenderRefs = { "CON" } });
        config.Loggers.Add(new LogLogger { Name = "org.apache.flume.channel", Level = "OFF" });
        config.Loggers.Add(new LogLogger { Name = "org.jboss", Level = "WARN" });
        var plan = NLogConfigWriter.Write(config);
        var xml = plan.NLogXml;
        // additivity=false: the HDFS sink logs to the console only.
        Assert.Contains("<logger name=\"FlumeNet.Agent.Sinks.Hdfs*\" minlevel=\"Debug\" writeTo=\"CON\" />", xml, StringComparison.Ordinal);
        Assert.Contains("<logger name=\"FlumeNet.Agent.Sinks.Hdfs*\" final=\"true\" />", xml, StringComparison.Ordinal);
        // OFF: nothing but the rule that stops the root rules.
        Assert.DoesNotContain("name=\"FlumeNet.Agent.Channels*\" minlevel", xml, StringComparison.Ordinal);
        Assert.Contains("<logger name=\"FlumeNet.Agent.Channels*\" final=\"true\" />", xml, StringComparison.Ordinal);
        Assert.Contains(plan.Items, i => i.StartsWith("logger org.jboss = WARN: not carried", StringComparison.Ordinal));
        Assert.True(xml.IndexOf("Sinks.Hdfs*", StringComparison.Ordinal) < xml.IndexOf("name=\"*\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("100MB", 100L * 1024 * 1024)]
    [InlineData("100 MB", 100L * 1024 * 1024)]
    [InlineData("10KB", 10L * 1024)]
    [InlineData("1gb", 1L << 30)]
    [InlineData("2048", 2048L)]
    [InlineData("lots", null)]
    public void Sizes_AreParsedAsLog4jDoes(string text, long? bytes) => Assert.Equal(bytes, LogSizes.ParseSize(text));

    [Theory]
    [InlineData("0 0 0 * * ?", "Day")]
    [InlineData("0 0 * * * ?", "Hour")]
    [InlineData("0 0 0 1 * ?", "Month")]
    public void CronSchedules_BecomePeriods(string cron, string period) => Assert.Equal(period, LogSizes.PeriodOfCron(cron));
}
