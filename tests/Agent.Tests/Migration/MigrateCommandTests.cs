using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class MigrateCommandTests
{
    private static string Case(string name) => Path.Combine(MigrationCase.CasesDir, name);

    [Theory]
    [InlineData("")]
    [InlineData("--format xml .")]
    [InlineData("--bogus .")]
    [InlineData("a b")]
    [InlineData("-o")]
    [InlineData("/nonexistent/flume/conf")]
    public void UsageMistakes_ExitTwo(string args)
    {
        var r = CliRunner.Run(null, ["migrate", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("flume-ng: migrate", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFolder_MustNotBeTheInputFolder()
    {
        var dir = Case("log4j1-rolling");
        var r = CliRunner.Run(null, "migrate", dir, "-o", dir + "/");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("overwritten", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitCodes_FollowTheVerdicts()
    {
        Assert.Equal(0, CliRunner.Run(null, "migrate", Case("log4j1-rolling")).ExitCode);
        Assert.Equal(0, CliRunner.Run(null, "migrate", Case("e1-loghub-hdfs")).ExitCode);
        Assert.Equal(0, CliRunner.Run(null, "migrate", Case("e3-taildir-file-hdfs")).ExitCode);
        Assert.Equal(1, CliRunner.Run(null, "migrate", Case("e2-kafka-hive")).ExitCode);
        Assert.Equal(1, CliRunner.Run(null, "migrate", Case("typos")).ExitCode);
        Assert.Equal(1, CliRunner.Run(null, "migrate", Case("multi-agent-select"), "-n", "nosuch").ExitCode);
    }

    [Fact]
    public void RunsUnchanged_OutputIsByteIdentical_SecretsMoveOnlyWhenAsked()
    {
        var input = Path.Combine(Case("runs-unchanged-secret"), "flume.conf");
        var outDir = Directory.CreateTempSubdirectory("flumenet-migrate-test-").FullName;
        try
        {
            var plain = CliRunner.Run(null, "migrate", input, "-o", Path.Combine(outDir, "plain"));
            Assert.Equal(0, plain.ExitCode);
            Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(Path.Combine(outDir, "plain", "flume.conf")));
            Assert.Contains("Recommended: run migrate again with --move-secrets", plain.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("VERY_SECRET_VALUE_123", plain.Stdout, StringComparison.Ordinal);

            var moved = CliRunner.Run(null, "migrate", input, "-o", Path.Combine(outDir, "moved"), "--move-secrets");
            var config = File.ReadAllText(Path.Combine(outDir, "moved", "flume.conf"));
            Assert.DoesNotContain("VERY_SECRET_VALUE_123", config, StringComparison.Ordinal);
            Assert.Contains("a1.sources.r1.keystore-password = ${env:", config, StringComparison.Ordinal);
            Assert.Contains("--move-secrets: a1.sources.r1.keystore-password (line 10) now reads ${env:", moved.Stdout, StringComparison.Ordinal);
            Assert.Contains("KEYSTORE_PASSWORD", File.ReadAllText(Path.Combine(outDir, "moved", "flumenet.env")), StringComparison.Ordinal);
            Assert.DoesNotContain("VERY_SECRET_VALUE_123", moved.Stdout + File.ReadAllText(Path.Combine(outDir, "moved", "flumenet.env")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void WithoutOutputFolder_NothingIsWritten()
    {
        var before = Directory.GetFiles(Case("e4-oss-jindo")).Length;
        var r = CliRunner.Run(null, "migrate", Case("e4-oss-jindo"));
        Assert.Contains("Output: (none: give -o OUTDIR to write the files)", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(Case("e4-oss-jindo")).Length);
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Fact]
    public void Markdown_EndsWithTheMappingTable_Json_IsParseable()
    {
        var md = CliRunner.Run(null, "migrate", Case("e6-aliyun-loghub-hdfs"), "--format", "markdown");
        Assert.Contains("## Agent `agent`", md.Stdout, StringComparison.Ordinal);
        Assert.Contains("## Mapping table", md.Stdout, StringComparison.Ordinal);
        var json = CliRunner.Run(null, "migrate", Case("e6-aliyun-loghub-hdfs"), "--format=json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        // The aliyun plug-in's batchSize above transactionCapacity no longer drops it (the plug-in never checked).
        Assert.Equal("runs_unchanged", doc.RootElement.GetProperty("agents")[0].GetProperty("verdict").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Help_ListsMigrate()
    {
        Assert.Contains("migrate PATH", CliRunner.Run(null, "help").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run(null, "migrate", "--help").ExitCode);
    }
}
