using FlumeNet.ConfigParser.Filters;

namespace FlumeNet.ConfigParser.Tests.Filters;

public sealed class FilterReferenceTests
{
    [Theory]
    [InlineData("${f1['param']}", "f1", "param")]
    [InlineData("${f1[host]}", "f1", "host")]
    [InlineData("${f2[\"port\"]}", "f2", "port")]
    [InlineData("x${f1['a-b_C9']}y", "f1", "a-b_C9")]
    public void FindAll_ParsesEachQuoting(string value, string filter, string key)
    {
        var r = Assert.Single(FilterReference.FindAll(value));
        Assert.Equal((filter, key), (r.Filter, r.Key));
    }

    [Theory]
    [InlineData("${f1['param\"]}")]
    [InlineData("${f1['my.key']}")]
    [InlineData("${f1[]}")]
    [InlineData("${env:HOME}")]
    public void FindAll_IgnoresWhatFlumeLeavesAsWritten(string value) => Assert.Empty(FilterReference.FindAll(value));

    [Fact]
    public void FindAll_FindsSeveralReferences()
    {
        var refs = FilterReference.FindAll("${f2[\"port\"]}-${f1['header']}");
        Assert.Equal(["f2:port", "f1:header"], refs.Select(r => $"{r.Filter}:{r.Key}"));
        Assert.Equal(14, refs[1].Start);
    }
}
