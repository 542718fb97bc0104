using System.Text;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Tests.Net;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void RepeatedBytes_GiveTheSameString()
    {
        var cache = new Utf8StringCache();
        var first = cache.Get("host-é"u8);
        var second = cache.Get("host-é"u8);
        Assert.Equal("host-é", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void DifferentBytes_GiveTheirOwnStrings_EvenPastTheCacheSize()
    {
        var cache = new Utf8StringCache();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Utf8StringCache.Size * 2; i++)
            {
                Assert.Equal("v" + i, cache.Get(Encoding.UTF8.GetBytes("v" + i)));
            }
        }
        Assert.Equal(string.Empty, cache.Get([]));
    }

    [Fact]
    public void LongValues_AreDecodedEachTime()
    {
        var cache = new Utf8StringCache();
        var bytes = Encoding.ASCII.GetBytes(new string('x', Utf8StringCache.MaxCachedBytes + 1));
        var first = cache.Get(bytes);
        Assert.Equal(new string('x', Utf8StringCache.MaxCachedBytes + 1), first);
        Assert.NotSame(first, cache.Get(bytes));
    }

    [Fact]
    public void Decoder_IsUsedOnAMiss_AndItsFailureIsNotCached()
    {
        var cache = new Utf8StringCache();
        Assert.Throws<InvalidOperationException>(() => cache.Get("bad"u8, _ => throw new InvalidOperationException("invalid")));
        Assert.Equal("bad", cache.Get("bad"u8));
    }
}
