using System.Buffers;
using System.Text;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>
/// aliyun-log-flume's DELIMITED deserializer (reference §8.1): the configured columns in order, written as opencsv 4.6
/// writes a line. A missing key gives an empty field, a repeated key its last value, a newline inside a value a space.
/// A field is quoted when it holds the quote, escape or separator character or a line break (or always with
/// <c>applyQuotesToAll</c>), and inside quotes each quote and escape character is preceded by the escape character.
/// </summary>
internal sealed class DelimitedLogBodyFormat : ILogBodyFormat
{
    private readonly byte[][] _columns;
    private readonly int[] _found;
    private readonly byte _separator;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly byte[] _lineEnd;
    private readonly int _localTimeColumn;

    public DelimitedLogBodyFormat(IReadOnlyList<string> columns, char separator, char quote, char escape, string lineEnd, bool quoteAll, bool appendTimestamp, string? localTimeColumn)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = new byte[columns.Count][];
        _localTimeColumn = -1;
        for (var i = 0; i < columns.Count; i++)
        {
            _columns[i] = Encoding.UTF8.GetBytes(columns[i]);
            if (localTimeColumn is not null && columns[i] == localTimeColumn)
            {
                _localTimeColumn = i;
            }
        }
        _found = new int[columns.Count];
        _separator = (byte)separator;
        _quote = (byte)quote;
        _escape = (byte)escape;
        _lineEnd = Encoding.UTF8.GetBytes(lineEnd);
        QuoteAll = quoteAll;
        AppendTimestamp = appendTimestamp;
    }

    public bool QuoteAll { get; }

    public bool AppendTimestamp { get; }

    public void Write(LogRecord record, string timestamp, IBufferWriter<byte> output)
    {
        Array.Fill(_found, -1);
        for (var i = 0; i < record.ContentCount; i++)
        {
            var key = record.Key(i);
            for (var c = 0; c < _columns.Length; c++)
            {
                if (key.SequenceEqual(_columns[c]))
                {
                    _found[c] = i;
                }
            }
        }
        for (var c = 0; c < _columns.Length; c++)
        {
            if (c > 0)
            {
                Put(output, _separator);
            }
            if (c == _localTimeColumn)
            {
                WriteField(output, Encoding.ASCII.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (_found[c] >= 0)
            {
                WriteField(output, record.Value(_found[c]));
            }
        }
        if (AppendTimestamp)
        {
            Put(output, _separator);
            WriteField(output, Encoding.ASCII.GetBytes(timestamp));
        }
        output.Write(_lineEnd);
    }

    private void WriteField(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var special = false;
        foreach (var b in value)
        {
            if (b == _quote || b == _escape || b == _separator || b == '\r')
            {
                special = true;
                break;
            }
        }
        var quoted = QuoteAll || special;
        if (quoted)
        {
            Put(output, _quote);
        }
        foreach (var b in value)
        {
            // The deserializer turns line feeds into spaces before the CSV writer sees the value.
            var ch = b == '\n' ? (byte)' ' : b;
            if (special && (ch == _quote || ch == _escape))
            {
                Put(output, _escape);
            }
            Put(output, ch);
        }
        if (quoted)
        {
            Put(output, _quote);
        }
    }

    private static void Put(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}
