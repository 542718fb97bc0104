using FlumeNet.Agent.Hdfs.Formats;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

public sealed class CompressionCodecsTests
{
    [Theory]
    [InlineData("gzip", "org.apache.hadoop.io.compress.GzipCodec", ".gz")]
    [InlineData("GZIP", "org.apache.hadoop.io.compress.GzipCodec", ".gz")]
    [InlineData("GzipCodec", "org.apache.hadoop.io.compress.GzipCodec", ".gz")]
    [InlineData("gzipcodec", "org.apache.hadoop.io.compress.GzipCodec", ".gz")]
    [InlineData("org.apache.hadoop.io.compress.GzipCodec", "org.apache.hadoop.io.compress.GzipCodec", ".gz")]
    [InlineData("bzip2", "org.apache.hadoop.io.compress.BZip2Codec", ".bz2")]
    [InlineData("BZip2Codec", "org.apache.hadoop.io.compress.BZip2Codec", ".bz2")]
    [InlineData("default", "org.apache.hadoop.io.compress.DefaultCodec", ".deflate")]
    [InlineData("DefaultCodec", "org.apache.hadoop.io.compress.DefaultCodec", ".deflate")]
    [InlineData("deflate", "org.apache.hadoop.io.compress.DeflateCodec", ".deflate")]
    [InlineData("org.apache.hadoop.io.compress.DeflateCodec", "org.apache.hadoop.io.compress.DeflateCodec", ".deflate")]
    [InlineData("snappy", "org.apache.hadoop.io.compress.SnappyCodec", ".snappy")]
    [InlineData("SnappyCodec", "org.apache.hadoop.io.compress.SnappyCodec", ".snappy")]
    [InlineData("lz4", "org.apache.hadoop.io.compress.Lz4Codec", ".lz4")]
    [InlineData("LZ4", "org.apache.hadoop.io.compress.Lz4Codec", ".lz4")]
    public void Resolve_MatchesFlumeNames(string name, string className, string extension)
    {
        var codec = CompressionCodecs.Resolve(name);
        Assert.NotNull(codec);
        Assert.Equal(className, codec.ClassName);
        Assert.Equal(className[(className.LastIndexOf('.') + 1)..], codec.SimpleName);
        Assert.Equal(extension, codec.DefaultExtension);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("none")]
    [InlineData("NONE")]
    public void Resolve_None_IsNoCodec(string name) => Assert.Null(CompressionCodecs.Resolve(name));

    [Theory]
    [InlineData("lzo")]
    [InlineData("LzoCodec")]
    [InlineData("lzop")]
    [InlineData("com.hadoop.compression.lzo.LzopCodec")]
    [InlineData("zstandard")]
    [InlineData("ZStandardCodec")]
    public void Resolve_KnownButUnsupported_Throws(string name)
    {
        var ex = Assert.Throws<NotSupportedException>(() => CompressionCodecs.Resolve(name));
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gz")]
    [InlineData("")]
    [InlineData("codec")]
    [InlineData("ORG.APACHE.HADOOP.IO.COMPRESS.GZIPCODEC")]
    public void Resolve_Unknown_ListsChoices(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => CompressionCodecs.Resolve(name));
        Assert.StartsWith($"Unsupported compression codec {name}.  Please choose from: [None, BZip2Codec, DefaultCodec, DeflateCodec, GzipCodec, Lz4Codec, SnappyCodec]", ex.Message, StringComparison.Ordinal);
    }
}
