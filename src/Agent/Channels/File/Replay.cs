using System.Buffers.Binary;
using NLog;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>
/// Rebuilds the queue at start: the checkpoint's queue, then every transaction committed after it, read from the log
/// files of all data directories and applied in commit-sequence order (puts join the tail, takes leave). Reading a file
/// stops at its first torn or corrupt record, which is where a crash cut the last write; incomplete transactions before
/// it are ignored. Without a usable checkpoint every log file is replayed from its start.
/// </summary>
internal sealed class Replay
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly string _channel;
    private readonly LogStore _store;
    private readonly List<long> _pointers = [];
    private readonly List<(long Seq, bool Put, int Start, int Count)> _txns = [];
    private long _maxSeq;

    public Replay(string channel, LogStore store)
    {
        _channel = channel;
        _store = store;
    }

    public int TornFiles { get; private set; }

    public int FilesRead { get; private set; }

    /// <returns>The queue, the last sequence number seen and the highest file id found.</returns>
    public (PointerDeque Queue, long LastSeq, int LastFileId) Run(IReadOnlyList<string> dataDirs, Checkpoint? checkpoint)
    {
        var lastFileId = checkpoint?.LastFileId ?? 0;
        var cpSeq = checkpoint?.Sequence ?? long.MinValue;
        _maxSeq = checkpoint?.Sequence ?? 0;
        for (var d = 0; d < dataDirs.Count; d++)
        {
            var files = new List<(int Id, string Path)>();
            foreach (var path in Directory.EnumerateFiles(dataDirs[d], LogFormat.LogFilePrefix + "*"))
            {
                if (LogFile.IdOf(Path.GetFileName(path)) is var id and > 0)
                {
                    files.Add((id, path));
                }
            }
            files.Sort((a, b) => a.Id.CompareTo(b.Id));
            // The checkpoint names the file that was active in this directory and the position written up to.
            (int FileId, long Position) start = (0, 0);
            if (checkpoint is not null)
            {
                foreach (var s in checkpoint.Starts)
                {
                    if (files.Exists(f => f.Id == s.FileId))
                    {
                        start = s;
                    }
                }
            }
            foreach (var (id, path) in files)
            {
                if (_store.Find(id) is not null)
                {
                    throw new InvalidDataException($"File channel '{_channel}': log file id {id} exists in two data directories ({path})");
                }
                var handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                var file = new LogFile(id, d, path, handle);
                _store.Add(file);
                lastFileId = Math.Max(lastFileId, id);
                if (id >= start.FileId)
                {
                    ReadFile(file, id == start.FileId ? Math.Max(start.Position, LogFormat.FileHeaderSize) : LogFormat.FileHeaderSize);
                }
            }
        }
        _txns.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var queue = new PointerDeque(Math.Max(1024, checkpoint?.Pointers.Count ?? 0));
        var removals = new HashSet<long>();
        if (checkpoint is not null)
        {
            foreach (var p in checkpoint.Pointers)
            {
                queue.AddLast(p);
            }
        }
        foreach (var (seq, put, startIndex, count) in _txns)
        {
            if (seq <= cpSeq)
            {
                continue;
            }
            for (var i = startIndex; i < startIndex + count; i++)
            {
                if (put)
                {
                    queue.AddLast(_pointers[i]);
                }
                else
                {
                    Remove(queue, removals, _pointers[i]);
                }
            }
        }
        if (removals.Count > 0)
        {
            queue = Without(queue, removals);
        }
        return (queue, _maxSeq, lastFileId);
    }

    // Takes leave from the head in the usual case; concurrent takers can commit out of order, those wait in a set.
    private static void Remove(PointerDeque queue, HashSet<long> removals, long p)
    {
        DrainHeads(queue, removals);
        if (queue.Count > 0 && queue.First == p)
        {
            queue.RemoveFirst();
            DrainHeads(queue, removals);
        }
        else
        {
            removals.Add(p);
        }
    }

    private static void DrainHeads(PointerDeque queue, HashSet<long> removals)
    {
        while (removals.Count > 0 && queue.Count > 0 && removals.Remove(queue.First))
        {
            queue.RemoveFirst();
        }
    }

    private static PointerDeque Without(PointerDeque queue, HashSet<long> removals)
    {
        var all = new List<long>(queue.Count);
        queue.CopyTo(all);
        var kept = new PointerDeque(all.Count);
        foreach (var p in all)
        {
            if (!removals.Contains(p))
            {
                kept.AddLast(p);
            }
        }
        return kept;
    }

    private void ReadFile(LogFile file, long from)
    {
        FilesRead++;
        var length = RandomAccess.GetLength(file.Handle);
        var reader = new SequentialReader(file, length);
        var pos = from;
        var pendingStart = _pointers.Count;
        byte pendingKind = 0;
        while (true)
        {
            var header = reader.Get(pos, LogFormat.HeaderSize);
            if (header.Length < LogFormat.HeaderSize)
            {
                if (header.IndexOfAnyExcept((byte)0) >= 0)
                {
                    Torn(file, pos, length);
                }
                break;
            }
            var type = header[4];
            var payload = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (type == 0 && payload == 0 && BinaryPrimitives.ReadUInt32LittleEndian(header) == 0)
            {
                break; // preallocated zeros: the end of what was written
            }
            if (type is < LogFormat.Put or > LogFormat.Commit || payload < 0 || payload > length - pos - LogFormat.HeaderSize)
            {
                Torn(file, pos, length);
                break;
            }
            var record = reader.Get(pos, LogFormat.HeaderSize + payload);
            if (record.Length < LogFormat.HeaderSize + payload || !LogFormat.IsSealed(record))
            {
                Torn(file, pos, length);
                break;
            }
            var body = record[LogFormat.HeaderSize..];
            switch (type)
            {
                case LogFormat.Put:
                    if (pendingKind == LogFormat.CommitTakes)
                    {
                        _pointers.RemoveRange(pendingStart, _pointers.Count - pendingStart);
                    }
                    pendingKind = LogFormat.CommitPuts;
                    _pointers.Add(LogFormat.Pointer(file.Id, pos));
                    break;
                case LogFormat.Take:
                    if (pendingKind == LogFormat.CommitPuts)
                    {
                        _pointers.RemoveRange(pendingStart, _pointers.Count - pendingStart);
                    }
                    pendingKind = LogFormat.CommitTakes;
                    var n = BinaryPrimitives.ReadInt32LittleEndian(body);
                    for (var i = 0; i < n && 4 + (i * 8) + 8 <= body.Length; i++)
                    {
                        _pointers.Add(BinaryPrimitives.ReadInt64LittleEndian(body[(4 + (i * 8))..]));
                    }
                    break;
                default:
                    var kind = body[0];
                    var count = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                    var seq = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
                    _maxSeq = Math.Max(_maxSeq, seq);
                    if (kind == pendingKind && count == _pointers.Count - pendingStart)
                    {
                        _txns.Add((seq, kind == LogFormat.CommitPuts, pendingStart, count));
                        pendingStart = _pointers.Count;
                    }
                    else
                    {
                        Log.Warn("File channel '{Channel}': {File} offset {Offset}: a commit record does not match the records before it; that transaction is ignored",
                            _channel, file.Path, pos);
                        _pointers.RemoveRange(pendingStart, _pointers.Count - pendingStart);
                    }
                    pendingKind = 0;
                    break;
            }
            pos += LogFormat.HeaderSize + payload;
        }
        // Records of a transaction without its commit record were never acknowledged.
        _pointers.RemoveRange(pendingStart, _pointers.Count - pendingStart);
    }

    private void Torn(LogFile file, long pos, long length)
    {
        TornFiles++;
        Log.Warn("File channel '{Channel}': {File}: replay stops at offset {Offset} of {Length} at a torn or corrupt record (a crash during a write); the transaction it belongs to was never committed and is ignored",
            _channel, file.Path, pos, length);
    }

    /// <summary>Reads a file forward through one buffer.</summary>
    private sealed class SequentialReader
    {
        private readonly LogFile _file;
        private readonly long _length;
        private byte[] _buffer = new byte[1 << 20];
        private long _start;
        private int _count;

        public SequentialReader(LogFile file, long length)
        {
            _file = file;
            _length = length;
        }

        public ReadOnlySpan<byte> Get(long pos, int size)
        {
            if (pos < _start || pos + size > _start + _count)
            {
                if (size > _buffer.Length)
                {
                    _buffer = new byte[size];
                }
                _start = pos;
                _count = 0;
                while (_count < _buffer.Length && _start + _count < _length)
                {
                    var n = RandomAccess.Read(_file.Handle, _buffer.AsSpan(_count), _start + _count);
                    if (n <= 0)
                    {
                        break;
                    }
                    _count += n;
                }
            }
            var offset = (int)(pos - _start);
            return _buffer.AsSpan(offset, Math.Min(size, _count - offset));
        }
    }
}
