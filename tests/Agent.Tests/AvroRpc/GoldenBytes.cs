namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>Byte sequences written by hand from reference §1.2–§1.6, i.e. what a Java Flume 1.11 peer sends and answers.</summary>
internal static class GoldenBytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public const string Md5 = "86aadae2c45474c0fe93ffd0f2350a65";

    /// <summary><c>AvroFlumeEvent{headers={a:b}, body="hi"}</c>.</summary>
    public const string EventAbHi = "02 02 61 02 62 00 04 68 69";

    /// <summary>A Java client's first <c>appendBatch([{a:b},"hi"])</c>: handshake (clientHash, null protocol, guessed serverHash, null meta), meta, name, array of 1.</summary>
    public static readonly string FirstAppendBatch = $"{Md5} 00 {Md5} 00 00 16 {Ascii("appendBatch")} 02 {EventAbHi} 00";

    /// <summary>The Java server's answer to it: handshake BOTH, empty meta, no error, OK.</summary>
    public const string BothOk = "00 00 00 00 00 00 00";

    public static string Ascii(string text) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(text));
}
