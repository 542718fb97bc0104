namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>
/// A failure the emulated NameNode or DataNode reports to the client as a RemoteException body.
/// Thrown inside request handling and turned into a response by <see cref="ErrorResponder"/>.
/// </summary>
internal sealed class HdfsError : Exception
{
    public HdfsError(JavaExceptionType type, string message, int? statusOverride = null)
        : base(message)
    {
        Type = type;
        StatusOverride = statusOverride;
    }

    public JavaExceptionType Type { get; }

    /// <summary>Set by status faults: the status to answer regardless of the exception class.</summary>
    public int? StatusOverride { get; }

    public static HdfsError FileNotFound(string message) => new(JavaExceptionType.FileNotFound, message);

    public static HdfsError IO(string message) => new(JavaExceptionType.IO, message);

    public static HdfsError IllegalArgument(string message) => new(JavaExceptionType.IllegalArgument, message);

    public static HdfsError InvalidParameter(string name, string detail) =>
        new(JavaExceptionType.IllegalArgument, $"Invalid value for webhdfs parameter \"{name}\": {detail}");

    public static HdfsError Unsupported(string message) => new(JavaExceptionType.UnsupportedOperation, message);
}
