using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.ConfigParser.Tests.Validation;

public sealed class NameSuggesterTests
{
    [Theory]
    [InlineData("hdfs.rolInterval", "hdfs.rollInterval")]
    [InlineData("transactionCapactiy", "transactionCapacity")]
    [InlineData("capcity", "capacity")]
    public void Nearest_FindsTypos(string input, string expected) =>
        Assert.Equal(expected, NameSuggester.Nearest(input, ["hdfs.rollInterval", "hdfs.rollSize", "transactionCapacity", "capacity"]));

    [Fact]
    public void Nearest_GivesNothingForUnrelatedNames() => Assert.Null(NameSuggester.Nearest("zzzzzzzz", ["capacity", "type"]));

    [Fact]
    public void Distance_CountsATranspositionAsOne() => Assert.Equal(1, NameSuggester.Distance("ab", "ba"));
}

public sealed class SecretKeysTests
{
    [Theory]
    [InlineData("accessKey", true)]
    [InlineData("accesKey", true)]
    [InlineData("keystore-password", true)]
    [InlineData("pasword", true)]
    [InlineData("securityToken", true)]
    [InlineData("kafka.producer.sasl.jaas.config", true)]
    [InlineData("accessKeyId", false)]
    [InlineData("capacity", false)]
    [InlineData("hdfs.path", false)]
    [InlineData("batchSize", false)]
    public void LooksSecret_FlagsCredentialsAndTheirTypos(string key, bool expected) =>
        Assert.Equal(expected, FlumeNet.ConfigParser.Validation.SecretKeys.LooksSecret(key));
}
