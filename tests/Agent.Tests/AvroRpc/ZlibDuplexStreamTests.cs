using System.Text;
using FlumeNet.Agent.AvroRpc;
using ICSharpCode.SharpZipLib.Zip.Compression;
using static FlumeNet.Agent.Tests.AvroRpc.GoldenBytes;

namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>Reference §1.3.1: one zlib stream per direction, a sync flush after every frame.</summary>
public sealed class ZlibDuplexStreamTests
{
    /// <summary>Reads what was written to it, writes into a separate sink.</summary>
    private sealed class Duplex(Stream input, MemoryStream output) : Stream
    {
        public MemoryStream Output => output;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);
    }

    [Fact]
    public void Inflates_NettysJZlibOutput_ForTwoFrames()
    {
        var java = Hex("78 9c ca 48 cd c9 c9 07 00 00 00 ff ff ca 00 11 00 00 00 00 ff ff");
        using var zlib = new ZlibDuplexStream(new Duplex(new MemoryStream(java), new MemoryStream()), 6);
        var buffer = new byte[64];
        var text = new StringBuilder();
        while (text.Length < 10)
        {
            var n = zlib.Read(buffer);
            Assert.True(n > 0);
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        Assert.Equal("hellohello", text.ToString());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(1)]
    [InlineData(9)]
    public void EveryWrite_IsOneZlibStreamWithSyncFlushes_ThatAnIndependentInflaterReadsAtOnce(int level)
    {
        var duplex = new Duplex(new MemoryStream(), new MemoryStream());
        using var zlib = new ZlibDuplexStream(duplex, level);
        var inflater = new Inflater(noHeader: false);
        var output = new byte[4096];
        var consumed = 0;
        for (var i = 0; i < 3; i++)
        {
            zlib.Write(Encoding.ASCII.GetBytes("hello"));
            var all = duplex.Output.ToArray();
            if (i == 0)
            {
                Assert.Equal(0x78, all[0]);
            }
            Assert.Equal(Hex("00 00 ff ff"), all[^4..]);
            inflater.SetInput(all, consumed, all.Length - consumed);
            consumed = all.Length;
            var n = inflater.Inflate(output);
            Assert.Equal("hello", Encoding.ASCII.GetString(output, 0, n));
        }
    }

    [Fact]
    public void DefaultLevel_WritesTheLevel6Header()
    {
        var duplex = new Duplex(new MemoryStream(), new MemoryStream());
        using var zlib = new ZlibDuplexStream(duplex, 6);
        zlib.Write("hello"u8);
        Assert.Equal(Hex("78 9c"), duplex.Output.ToArray()[..2]);
    }
}
