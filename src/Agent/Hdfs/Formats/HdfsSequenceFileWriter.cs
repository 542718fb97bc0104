using System.Globalization;
using System.Security.Cryptography;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Flume's <c>SequenceFile</c> file type (reference §4.2–4.3): a Hadoop SequenceFile version 6 with one record per
/// event, key = LongWritable of the <c>timestamp</c> header (the current time when absent), value = BytesWritable or
/// Text of the body. Without a codec records are written uncompressed, with a sync entry every
/// <see cref="SyncInterval"/> bytes and at each <see cref="Sync"/>; with a codec records are BLOCK compressed, one
/// block per <see cref="Sync"/> (and per <see cref="CompressionBlockSize"/> bytes of keys and values).
/// </summary>
public sealed class HdfsSequenceFileWriter : IHdfsWriter
{
    /// <summary>Hadoop 3's <c>SequenceFile.SYNC_INTERVAL</c>: 5 KiB × (4 + 16).</summary>
    public const int SyncInterval = 5 * 1024 * (4 + SyncMarkerLength);

    /// <summary>Hadoop's <c>io.seqfile.compress.blocksize</c> default.</summary>
    public const int CompressionBlockSize = 1_000_000;

    private const int SyncMarkerLength = 16;
    private const int KeyLength = 8;
    private const string KeyClass = "org.apache.hadoop.io.LongWritable";

    private readonly SequenceFileWriteFormat _format;
    private readonly ICompressionCodec? _codec;
    private readonly TimeProvider _time;
    private readonly byte[]? _fixedSyncMarker;
    private readonly int _syncInterval;
    private readonly byte[] _syncMarker = new byte[SyncMarkerLength];
    private Stream? _output;
    private OutputBuffer? _out;
    private long _lastSyncPos;
    private BlockBuffers? _block;

    public HdfsSequenceFileWriter(SequenceFileWriteFormat format, ICompressionCodec? codec = null, TimeProvider? timeProvider = null)
        : this(format, codec, timeProvider, syncMarker: null, SyncInterval)
    {
    }

    /// <summary>For tests: a fixed sync marker and another sync interval.</summary>
    internal HdfsSequenceFileWriter(
        SequenceFileWriteFormat format, ICompressionCodec? codec, TimeProvider? timeProvider, byte[]? syncMarker, int syncInterval)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format));
        }
        if (syncMarker is { Length: not SyncMarkerLength })
        {
            throw new ArgumentException("A sync marker has 16 bytes.", nameof(syncMarker));
        }
        _format = format;
        _codec = codec;
        _time = timeProvider ?? TimeProvider.System;
        _fixedSyncMarker = syncMarker;
        _syncInterval = syncInterval;
    }

    public long BytesWritten { get; private set; }

    /// <summary>The Hadoop class name of the values.</summary>
    public string ValueClass => _format == SequenceFileWriteFormat.Text ? "org.apache.hadoop.io.Text" : "org.apache.hadoop.io.BytesWritable";

    public void Open(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_output is not null)
        {
            throw new InvalidOperationException("The writer is already open.");
        }
        if (_fixedSyncMarker is not null)
        {
            _fixedSyncMarker.CopyTo(_syncMarker, 0);
        }
        else
        {
            // Hadoop hashes a unique id and the time; any 16 bytes unlikely to occur in the data will do.
            RandomNumberGenerator.Fill(_syncMarker);
        }
        _output = output;
        _out = new OutputBuffer(output);
        _lastSyncPos = 0;
        if (_codec is not null)
        {
            _block = new BlockBuffers(_codec);
        }
        WriteHeader(_out);
    }

    public void Append(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var output = _out ?? throw new InvalidOperationException("The writer is not open.");
        var key = Key(e);
        var body = e.Body;
        var valueLength = checked(_format == SequenceFileWriteFormat.Text
            ? WritableEncoding.GetVLongSize(body.Length) + body.Length
            : 4 + body.Length);
        if (_block is null)
        {
            if (output.Position >= _lastSyncPos + _syncInterval)
            {
                WriteSyncEntry(output);
            }
            WritableEncoding.WriteInt32(output, checked(KeyLength + valueLength));
            WritableEncoding.WriteInt32(output, KeyLength);
            WritableEncoding.WriteInt64(output, key);
            WriteValue(output, body);
        }
        else
        {
            WritableEncoding.WriteVLong(_block.KeyLengths, KeyLength);
            WritableEncoding.WriteInt64(_block.Keys, key);
            WritableEncoding.WriteVLong(_block.ValueLengths, valueLength);
            WriteValue(_block.Values, body);
            _block.Records++;
            if (_block.Keys.Length + _block.Values.Length >= CompressionBlockSize)
            {
                WriteBlock(output, _block);
            }
        }
        BytesWritten += body.Length;
    }

    public void Sync()
    {
        var output = _out ?? throw new InvalidOperationException("The writer is not open.");
        if (_block is null)
        {
            WriteSyncEntry(output);
        }
        else
        {
            WriteBlock(output, _block);
        }
        output.Drain();
    }

    /// <summary>Writes the pending block, if any; as in Hadoop an uncompressed file gets no final sync entry.</summary>
    public void Close()
    {
        if (_output is null || _out is null)
        {
            return;
        }
        try
        {
            if (_block is not null)
            {
                WriteBlock(_out, _block);
            }
            _out.Drain();
            _output.Flush();
        }
        finally
        {
            _block?.Dispose();
            _block = null;
            _out.Dispose();
            _out = null;
        }
    }

    private void WriteHeader(OutputBuffer output)
    {
        output.Write("SEQ"u8);
        output.WriteByte(6);
        WritableEncoding.WriteString(output, KeyClass);
        WritableEncoding.WriteString(output, ValueClass);
        WritableEncoding.WriteBoolean(output, _codec is not null);
        WritableEncoding.WriteBoolean(output, _codec is not null);
        if (_codec is not null)
        {
            WritableEncoding.WriteString(output, _codec.ClassName);
        }
        WritableEncoding.WriteInt32(output, 0);
        output.Write(_syncMarker);
    }

    private void WriteValue(Stream output, byte[] body)
    {
        if (_format == SequenceFileWriteFormat.Text)
        {
            WritableEncoding.WriteVLong(output, body.Length);
        }
        else
        {
            WritableEncoding.WriteInt32(output, body.Length);
        }
        output.Write(body);
    }

    // Hadoop's Writer.sync(): an entry only where the position moved since the last one.
    private void WriteSyncEntry(OutputBuffer output)
    {
        if (output.Position != _lastSyncPos)
        {
            WritableEncoding.WriteInt32(output, -1);
            output.Write(_syncMarker);
            _lastSyncPos = output.Position;
        }
    }

    private void WriteBlock(OutputBuffer output, BlockBuffers block)
    {
        if (block.Records == 0)
        {
            return;
        }
        WriteSyncEntry(output);
        WritableEncoding.WriteVLong(output, block.Records);
        block.WriteCompressed(block.KeyLengths, output);
        block.WriteCompressed(block.Keys, output);
        block.WriteCompressed(block.ValueLengths, output);
        block.WriteCompressed(block.Values, output);
        block.Reset();
    }

    // Flume's HDFSWritableSerializer/HDFSTextSerializer: Long.valueOf of the header, else the clock.
    private long Key(FlumeEvent e)
    {
        var timestamp = e.Header("timestamp");
        if (timestamp is null)
        {
            return _time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        if (long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new FormatException($"For input string: \"{timestamp}\" (the event's timestamp header is not a number)");
    }

    /// <summary>The four buffers of one BLOCK-compressed block and the codec stream compressing each of them.</summary>
    private sealed class BlockBuffers : IDisposable
    {
        private readonly MemoryStream _compressedBuffer = new();
        private readonly CompressionOutputStream _compressor;

        public BlockBuffers(ICompressionCodec codec) => _compressor = codec.CreateOutputStream(_compressedBuffer);

        public MemoryStream KeyLengths { get; } = new();

        public MemoryStream Keys { get; } = new();

        public MemoryStream ValueLengths { get; } = new();

        public MemoryStream Values { get; } = new();

        public int Records { get; set; }

        /// <summary>VInt compressed length, then the buffer as one complete codec stream (Hadoop's writeBuffer).</summary>
        public void WriteCompressed(MemoryStream raw, Stream output)
        {
            _compressedBuffer.SetLength(0);
            _compressor.Write(raw.GetBuffer(), 0, (int)raw.Length);
            _compressor.Finish();
            WritableEncoding.WriteVLong(output, _compressedBuffer.Length);
            output.Write(_compressedBuffer.GetBuffer(), 0, (int)_compressedBuffer.Length);
        }

        public void Reset()
        {
            KeyLengths.SetLength(0);
            Keys.SetLength(0);
            ValueLengths.SetLength(0);
            Values.SetLength(0);
            Records = 0;
        }

        public void Dispose() => _compressor.Dispose();
    }
}
