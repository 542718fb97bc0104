using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class HdfsPathTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/a//b/", "/a/b")]
    [InlineData("a/b", "/a/b")]
    public void Parse_Normalises(string raw, string expected)
    {
        Assert.Equal(expected, HdfsPath.Parse(raw).Value);
    }

    [Theory]
    [InlineData("/a/../b")]
    [InlineData("/.")]
    [InlineData("/a:b")]
    public void Parse_RejectsWhatHdfsRejects(string raw)
    {
        var error = Assert.Throws<HdfsError>(() => HdfsPath.Parse(raw));
        Assert.Equal("InvalidPathException", error.Type.SimpleName);
    }

    [Fact]
    public void IsUnder_IsStrictAndComponentWise()
    {
        var a = HdfsPath.Parse("/a");

        Assert.True(HdfsPath.Parse("/a/b").IsUnder(a));
        Assert.False(HdfsPath.Parse("/ab").IsUnder(a));
        Assert.False(a.IsUnder(a));
        Assert.True(a.IsUnder(HdfsPath.Root));
    }

    [Fact]
    public void Rebase_MovesThePrefix()
    {
        Assert.Equal("/x/y/c", HdfsPath.Parse("/a/b/c").Rebase(HdfsPath.Parse("/a/b"), HdfsPath.Parse("/x/y")).Value);
    }

    [Fact]
    public void ToLocal_StaysUnderTheRoot()
    {
        Assert.Equal(Path.Combine("/root", "a", "b"), HdfsPath.Parse("/a/b").ToLocal("/root"));
        Assert.Equal("/root", HdfsPath.Root.ToLocal("/root"));
    }
}
