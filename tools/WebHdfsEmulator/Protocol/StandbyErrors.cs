namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>What a standby NameNode answers: the operation's category is not served in state standby.</summary>
internal static class StandbyErrors
{
    public static HdfsError For(WebHdfsOp op) => For(IsRead(op) ? "READ" : "WRITE");

    public static HdfsError For(string category) =>
        new(JavaExceptionType.Standby, $"Operation category {category} is not supported in state standby");

    private static bool IsRead(WebHdfsOp op) =>
        op is WebHdfsOp.Open or WebHdfsOp.GetFileStatus or WebHdfsOp.ListStatus or WebHdfsOp.GetHomeDirectory;
}
