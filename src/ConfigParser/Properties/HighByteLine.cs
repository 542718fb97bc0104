namespace FlumeNet.ConfigParser.Properties;

/// <summary>A physical line with bytes ≥ 0x80, and the first and last logical-line offsets of those bytes.</summary>
internal readonly record struct HighByteLine(int Line, int FirstOffset, int LastOffset);
