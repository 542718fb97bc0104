namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Members of a streaming codec (gzip, zlib, bzip2): one library compressor per member, opened at the first write
/// and disposed (which writes its trailer, never closing the output) at <see cref="CompressionOutputStream.Finish"/>.
/// .NET's deflate streams write nothing at all without input, so an empty member is written from a constant.
/// </summary>
internal sealed class StreamingMemberStream : CompressionOutputStream
{
    private readonly Stream _output;
    private readonly Func<Stream, Stream> _openMember;
    private readonly byte[]? _emptyMember;
    private Stream? _member;

    public StreamingMemberStream(Stream output, Func<Stream, Stream> openMember, byte[]? emptyMember)
    {
        _output = output;
        _openMember = openMember;
        _emptyMember = emptyMember;
    }

    protected override void WriteMember(ReadOnlySpan<byte> data)
    {
        _member ??= _openMember(_output);
        _member.Write(data);
    }

    protected override void FinishMember()
    {
        if (_member is null && _emptyMember is not null)
        {
            _output.Write(_emptyMember);
            return;
        }
        var member = _member ?? _openMember(_output);
        _member = null;
        member.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        // Only reached with a member open when closing the file failed: release the compressor, the file is given up.
        var member = _member;
        _member = null;
        try
        {
            member?.Dispose();
        }
        catch (IOException)
        {
        }
        finally
        {
            base.Dispose(disposing);
        }
    }
}
