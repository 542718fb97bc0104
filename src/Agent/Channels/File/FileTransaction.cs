using System.Buffers;
using System.Buffers.Binary;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// A file-channel transaction: puts are encoded into one pooled buffer as Put records (checksummed as they arrive) and
/// written with one write at commit; takes pop log pointers and read the events back through a read-ahead buffer, and
/// their commit writes one Take record. Either puts or takes, as in Flume.
/// </summary>
internal sealed class FileTransaction : IChannelTransaction
{
    private const int ReadAhead = 256 * 1024;
    private const int FirstRead = 32 * 1024;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly FileChannel _channel;
    private readonly int _capacity;
    private byte[] _buffer = [];
    private int[] _offsets = [];
    private byte[] _read = [];
    private int _readFile = -1;
    private long _readStart;
    private int _readCount;
    private int _readSize = FirstRead;
    private int _sealed;
    private bool _working;
    private bool _done;

    public FileTransaction(FileChannel channel)
    {
        _channel = channel;
        _capacity = channel.TransactionCapacity;
    }

    public int PutCount { get; private set; }

    public List<long> Taken { get; } = [];

    public byte[] Buffer => _buffer;

    public int Length { get; private set; }

    public int CommitOffset { get; private set; }

    public int[] RecordOffsets => _offsets;

    public void Put(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EnsureOpen();
        _channel.Counter.AddPutAttempts(1);
        if (PutCount >= _capacity)
        {
            throw new ChannelException(
                $"Put queue for FileBackedTransaction of capacity {_capacity} full, consider committing more frequently, increasing capacity or increasing thread count. [channel={_channel.Name}]");
        }
        StartWork();
        if ((PutCount & 15) == 15)
        {
            _channel.Activity.Touch();
        }
        Encode(e);
    }

    /// <summary>
    /// As one <see cref="Put"/> per event (same records, counters and capacity exception), with the counter and the
    /// activity mark touched once per batch instead of per event: they are shared with the other threads.
    /// </summary>
    public void PutBatch(ReadOnlySpan<FlumeEvent> events)
    {
        EnsureOpen();
        var attempts = 0;
        try
        {
            foreach (var e in events)
            {
                ArgumentNullException.ThrowIfNull(e, nameof(events));
                attempts++;
                if (PutCount >= _capacity)
                {
                    throw new ChannelException(
                        $"Put queue for FileBackedTransaction of capacity {_capacity} full, consider committing more frequently, increasing capacity or increasing thread count. [channel={_channel.Name}]");
                }
                StartWork();
                Encode(e);
            }
        }
        finally
        {
            _channel.Counter.AddPutAttempts(attempts);
            if (attempts > 0)
            {
                _channel.Activity.Touch();
            }
        }
    }

    private void Encode(FlumeEvent e)
    {
        var payload = EventCodec.PayloadSize(e);
        var size = LogFormat.HeaderSize + payload;
        EnsureBuffer(Length + size + LogFormat.HeaderSize + LogFormat.CommitPayloadSize);
        if (PutCount == _offsets.Length)
        {
            var bigger = ArrayPool<int>.Shared.Rent(Math.Max(64, PutCount * 2));
            _offsets.AsSpan(0, PutCount).CopyTo(bigger);
            ReturnOffsets();
            _offsets = bigger;
        }
        var record = _buffer.AsSpan(Length, size);
        LogFormat.WriteHeader(record, LogFormat.Put, payload);
        EventCodec.Write(e, record[LogFormat.HeaderSize..]);
        _offsets[PutCount++] = Length;
        Length += size;
        if (PutCount - _sealed == 3)
        {
            var a = _offsets[_sealed];
            var b = _offsets[_sealed + 1];
            var c = _offsets[_sealed + 2];
            LogFormat.Seal3(_buffer.AsSpan(a, b - a), _buffer.AsSpan(b, c - b), _buffer.AsSpan(c, Length - c));
            _sealed += 3;
        }
    }

    // Put records are sealed three at a time (LogFormat.Crc32C3); the last one or two at commit.
    private void SealRest()
    {
        for (; _sealed < PutCount; _sealed++)
        {
            var start = _offsets[_sealed];
            var end = _sealed + 1 < PutCount ? _offsets[_sealed + 1] : Length;
            LogFormat.Seal(_buffer.AsSpan(start, end - start));
        }
    }

    public FlumeEvent? Take()
    {
        EnsureOpen();
        _channel.Counter.AddTakeAttempts(1);
        if (Taken.Count >= _capacity)
        {
            throw new ChannelException(
                $"Take list for FileBackedTransaction, capacity {_capacity} full, consider committing more frequently, increasing capacity, or increasing thread count. [channel={_channel.Name}]");
        }
        while (true)
        {
            var p = _channel.TakePointer(this);
            if (p < 0)
            {
                return null;
            }
            if (ReadEvent(p) is { } e)
            {
                return e;
            }
        }
    }

    /// <summary>
    /// As calling <see cref="Take"/> until it returns null or <paramref name="max"/> events were taken (same events,
    /// counters and capacity exception), with the queue's lock taken once for the batch's pointers.
    /// </summary>
    public int TakeBatch(List<FlumeEvent> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        EnsureOpen();
        if (max <= 0)
        {
            return 0;
        }
        var room = _capacity - Taken.Count;
        var want = Math.Min(room, max);
        var n = 0;
        while (n < want)
        {
            var from = Taken.Count;
            var got = _channel.TakePointers(this, want - n);
            if (got == 0)
            {
                break;
            }
            var i = from;
            while (i < from + got)
            {
                if (i + 2 < from + got && TryRead3(Taken[i], Taken[i + 1], Taken[i + 2], into))
                {
                    n += 3;
                    i += 3;
                    continue;
                }
                // A corrupt record is dropped (logged by ReadEvent); its pointer stays taken, as with Take.
                if (ReadEvent(Taken[i]) is { } e)
                {
                    into.Add(e);
                    n++;
                }
                i++;
            }
        }
        // Per-event takes would have made one more attempt: the one that found the channel empty or the list full.
        _channel.Counter.AddTakeAttempts(n < max ? n + 1 : n);
        if (n == room && room < max)
        {
            throw new ChannelException(
                $"Take list for FileBackedTransaction, capacity {_capacity} full, consider committing more frequently, increasing capacity, or increasing thread count. [channel={_channel.Name}]");
        }
        return n;
    }

    public void Commit()
    {
        EnsureOpen();
        if (PutCount > 0 && Taken.Count > 0)
        {
            throw new ChannelException($"A file channel transaction cannot both put and take [channel={_channel.Name}]");
        }
        EndWork();
        try
        {
            if (PutCount > 0)
            {
                SealRest();
                _channel.PutSizeHint = Length;
                AppendCommit(LogFormat.CommitPuts, PutCount);
                _channel.CommitPuts(this);
            }
            else if (Taken.Count > 0)
            {
                EncodeTakes();
                _channel.CommitTakes(this);
            }
        }
        catch
        {
            // The buffer now ends with a commit record; this transaction cannot be committed again.
            Rollback();
            throw;
        }
        Finish();
    }

    public void Rollback()
    {
        if (_done)
        {
            return;
        }
        EndWork();
        if (Taken.Count > 0)
        {
            _channel.ReturnTaken(this);
        }
        Finish();
    }

    public void Dispose() => Rollback();

    private void EncodeTakes()
    {
        var payload = 4 + (Taken.Count * 8);
        EnsureBuffer(LogFormat.HeaderSize + payload + LogFormat.HeaderSize + LogFormat.CommitPayloadSize);
        var record = _buffer.AsSpan(0, LogFormat.HeaderSize + payload);
        LogFormat.WriteHeader(record, LogFormat.Take, payload);
        BinaryPrimitives.WriteInt32LittleEndian(record[LogFormat.HeaderSize..], Taken.Count);
        var pos = LogFormat.HeaderSize + 4;
        foreach (var p in Taken)
        {
            BinaryPrimitives.WriteInt64LittleEndian(record[pos..], p);
            pos += 8;
        }
        LogFormat.Seal(record);
        Length = record.Length;
        AppendCommit(LogFormat.CommitTakes, Taken.Count);
    }

    // The writer stamps the sequence number and seals the commit record.
    private void AppendCommit(byte kind, int count)
    {
        var record = _buffer.AsSpan(Length, LogFormat.HeaderSize + LogFormat.CommitPayloadSize);
        LogFormat.WriteHeader(record, LogFormat.Commit, LogFormat.CommitPayloadSize);
        record[LogFormat.HeaderSize..].Clear();
        record[LogFormat.HeaderSize] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(record[(LogFormat.HeaderSize + 4)..], count);
        CommitOffset = Length;
        Length += record.Length;
    }

    private FlumeEvent? ReadEvent(long pointer)
    {
        var file = _channel.FileOf(pointer);
        var offset = LogFormat.OffsetOf(pointer);
        try
        {
            if (file is not null)
            {
                // A read-ahead can predate a later commit in the same file; a record that does not check out is read again.
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    if (attempt == 1 || _readFile != file.Id || offset < _readStart || offset + LogFormat.HeaderSize > _readStart + _readCount)
                    {
                        Fill(file, offset, LogFormat.HeaderSize);
                    }
                    var at = (int)(offset - _readStart);
                    var payload = BinaryPrimitives.ReadInt32LittleEndian(_read.AsSpan(at + 8));
                    if (payload < 0 || _read[at + 4] != LogFormat.Put)
                    {
                        continue;
                    }
                    if (offset + LogFormat.HeaderSize + payload > _readStart + _readCount)
                    {
                        Fill(file, offset, LogFormat.HeaderSize + payload);
                        at = 0;
                    }
                    if (LogFormat.HeaderSize + payload > _readCount - at)
                    {
                        continue;
                    }
                    var record = _read.AsSpan(at, LogFormat.HeaderSize + payload);
                    if (LogFormat.IsSealed(record) && EventCodec.Read(record[LogFormat.HeaderSize..]) is { } e)
                    {
                        return e;
                    }
                }
            }
        }
        catch (ObjectDisposedException ex)
        {
            throw new ChannelException($"Channel closed [channel={_channel.Name}]", ex);
        }
        catch (IOException ex)
        {
            throw new ChannelException($"Take failed due to IO error reading {file?.Path}: {ex.Message}", ex);
        }
        Log.Error("File channel '{Channel}': the event at {File} offset {Offset} is corrupt and is dropped (a disk error?)",
            _channel.Name, file?.Path ?? LogFile.NameOf(LogFormat.FileOf(pointer)), offset);
        return null;
    }

    // Three records checked with one interleaved checksum pass (LogFormat.Crc32C3) when they are in the read-ahead
    // window together. Anything unusual (not in the window, a checksum or decoding failure, an IO error) returns false
    // before an event is added, and ReadEvent then reads the first one its usual way, with its retry and its errors.
    private bool TryRead3(long p0, long p1, long p2, List<FlumeEvent> into)
    {
        if (_channel.FileOf(p0) is not { } file)
        {
            return false;
        }
        try
        {
            var offset = LogFormat.OffsetOf(p0);
            if (!InWindow(p0, out var a))
            {
                Fill(file, offset, LogFormat.HeaderSize);
                var payload = BinaryPrimitives.ReadInt32LittleEndian(_read.AsSpan(8));
                if (payload < 0 || payload > int.MaxValue - LogFormat.HeaderSize)
                {
                    return false;
                }
                if (LogFormat.HeaderSize + payload > _readCount)
                {
                    Fill(file, offset, LogFormat.HeaderSize + payload);
                }
                if (!InWindow(p0, out a))
                {
                    return false;
                }
            }
            if (!InWindow(p1, out var b) || !InWindow(p2, out var c))
            {
                return false;
            }
            var ra = _read.AsSpan(a.At, a.Length);
            var rb = _read.AsSpan(b.At, b.Length);
            var rc = _read.AsSpan(c.At, c.Length);
            var (ca, cb, cc) = LogFormat.Crc32C3(ra[4..], rb[4..], rc[4..]);
            if (ca != BinaryPrimitives.ReadUInt32LittleEndian(ra) || cb != BinaryPrimitives.ReadUInt32LittleEndian(rb) || cc != BinaryPrimitives.ReadUInt32LittleEndian(rc))
            {
                return false;
            }
            if (EventCodec.Read(ra[LogFormat.HeaderSize..]) is not { } ea || EventCodec.Read(rb[LogFormat.HeaderSize..]) is not { } eb
                || EventCodec.Read(rc[LogFormat.HeaderSize..]) is not { } ec)
            {
                return false;
            }
            into.Add(ea);
            into.Add(eb);
            into.Add(ec);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    // Where the whole Put record at pointer p lies in the read-ahead window, if it does.
    private bool InWindow(long p, out (int At, int Length) record)
    {
        record = default;
        var offset = LogFormat.OffsetOf(p);
        if (_readFile != LogFormat.FileOf(p) || offset < _readStart || offset + LogFormat.HeaderSize > _readStart + _readCount)
        {
            return false;
        }
        var at = (int)(offset - _readStart);
        var payload = BinaryPrimitives.ReadInt32LittleEndian(_read.AsSpan(at + 8));
        if (payload < 0 || _read[at + 4] != LogFormat.Put || payload > _readCount - at - LogFormat.HeaderSize)
        {
            return false;
        }
        record = (at, LogFormat.HeaderSize + payload);
        return true;
    }

    // Reads grow from 32 KiB to 256 KiB within a transaction, so a small batch does not copy a large window it never uses.
    private void Fill(LogFile file, long offset, int atLeast)
    {
        var size = Math.Max(_readSize, atLeast);
        _readSize = Math.Min(ReadAhead, _readSize * 2);
        if (_read.Length < size)
        {
            ReturnRead();
            _read = ArrayPool<byte>.Shared.Rent(size);
        }
        _readFile = file.Id;
        _readStart = offset;
        _readCount = 0;
        while (_readCount < atLeast)
        {
            var n = RandomAccess.Read(file.Handle, _read.AsSpan(_readCount), offset + _readCount);
            if (n <= 0)
            {
                break;
            }
            _readCount += n;
        }
        if (_readCount < LogFormat.HeaderSize)
        {
            _read.AsSpan(_readCount, LogFormat.HeaderSize - _readCount).Clear();
        }
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer.Length >= size)
        {
            return;
        }
        var first = _buffer.Length == 0 && Taken.Count == 0 ? _channel.PutSizeHint + LogFormat.HeaderSize + LogFormat.CommitPayloadSize : 0;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(size, first), Math.Max(4096, _buffer.Length * 2)));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ReturnBuffer();
        _buffer = bigger;
    }

    private void StartWork()
    {
        if (!_working)
        {
            _working = true;
            _channel.Activity.Started();
        }
    }

    private void EndWork()
    {
        if (_working)
        {
            _working = false;
            _channel.Activity.Ended();
        }
    }

    private void Finish()
    {
        _done = true;
        ReturnBuffer();
        ReturnOffsets();
        ReturnRead();
        PutCount = 0;
        Length = 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void ReturnOffsets()
    {
        if (_offsets.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_offsets);
            _offsets = [];
        }
    }

    private void ReturnRead()
    {
        if (_read.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_read);
            _read = [];
            _readFile = -1;
        }
    }

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("The transaction is already committed or rolled back; begin a new one.");
        }
    }
}
