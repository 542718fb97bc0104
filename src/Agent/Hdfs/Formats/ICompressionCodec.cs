namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// A Hadoop compression codec (<c>org.apache.hadoop.io.compress.*</c>) reproduced byte-compatibly enough for Hadoop to
/// decode: its class name (written into SequenceFile headers and matched by <c>hdfs.codeC</c>), its file extension, and
/// its compressing stream. Codecs are stateless singletons; each stream belongs to one file.
/// </summary>
public interface ICompressionCodec
{
    /// <summary>The Hadoop class name, e.g. <c>org.apache.hadoop.io.compress.GzipCodec</c>.</summary>
    string ClassName { get; }

    /// <summary>The class name without its package, e.g. <c>GzipCodec</c>.</summary>
    string SimpleName { get; }

    /// <summary>Hadoop's default extension, dot included, e.g. <c>.gz</c>.</summary>
    string DefaultExtension { get; }

    /// <summary>Creates a compressing stream writing members into <paramref name="output"/>.</summary>
    CompressionOutputStream CreateOutputStream(Stream output);
}
