namespace FlumeNet.Agent.LogHub;

/// <summary>
/// One <c>Log</c> of a pulled <c>LogGroup</c>, as slices of the decoded buffer (no strings made): its time, its
/// key/value contents in order, and its group's topic, source and tags. Valid only during the visit that passes it;
/// one instance is reused for every log of a decode.
/// </summary>
public sealed class LogRecord
{
    private byte[] _buffer = [];
    private int[] _contents = new int[64];
    private int[] _tags = new int[16];

    private static long _groups;

    public uint Time { get; private set; }

    /// <summary>Differs for every group visited in this process (any record instance), so a group's own parts can be cached by it.</summary>
    public long GroupSerial { get; private set; }

    public int ContentCount { get; private set; }

    public int TagCount { get; private set; }

    public ReadOnlySpan<byte> Key(int i) => Slice(_contents, i * 4);

    public ReadOnlySpan<byte> Value(int i) => Slice(_contents, (i * 4) + 2);

    public ReadOnlySpan<byte> TagKey(int i) => Slice(_tags, i * 4);

    public ReadOnlySpan<byte> TagValue(int i) => Slice(_tags, (i * 4) + 2);

    public ReadOnlySpan<byte> Topic => _buffer.AsSpan(TopicStart, TopicLength);

    public ReadOnlySpan<byte> Source => _buffer.AsSpan(SourceStart, SourceLength);

    internal int TopicStart { get; set; }

    internal int TopicLength { get; set; }

    internal int SourceStart { get; set; }

    internal int SourceLength { get; set; }

    internal void BeginGroup(byte[] buffer)
    {
        _buffer = buffer;
        GroupSerial = Interlocked.Increment(ref _groups);
        TopicStart = TopicLength = SourceStart = SourceLength = 0;
        TagCount = 0;
    }

    internal void AddTag(int keyStart, int keyLength, int valueStart, int valueLength)
    {
        Add(ref _tags, TagCount++, keyStart, keyLength, valueStart, valueLength);
    }

    internal void BeginLog()
    {
        Time = 0;
        ContentCount = 0;
    }

    internal void SetTime(uint time) => Time = time;

    internal void AddContent(int keyStart, int keyLength, int valueStart, int valueLength)
    {
        Add(ref _contents, ContentCount++, keyStart, keyLength, valueStart, valueLength);
    }

    private static void Add(ref int[] slots, int index, int keyStart, int keyLength, int valueStart, int valueLength)
    {
        var at = index * 4;
        if (at + 4 > slots.Length)
        {
            Array.Resize(ref slots, slots.Length * 2);
        }
        slots[at] = keyStart;
        slots[at + 1] = keyLength;
        slots[at + 2] = valueStart;
        slots[at + 3] = valueLength;
    }

    private ReadOnlySpan<byte> Slice(int[] slots, int at) => _buffer.AsSpan(slots[at], slots[at + 1]);
}
