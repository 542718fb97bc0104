namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>
/// Parses the op parameter the way WebHDFS does: case-insensitive, and only among the operations of the request's
/// HTTP method (GET op=CREATE is an unknown enum constant, hence 400 IllegalArgumentException).
/// </summary>
internal static class WebHdfsOps
{
    private static readonly Dictionary<string, MethodOps> ByMethod = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET"] = new("GetOpParam",
            [WebHdfsOp.Open, WebHdfsOp.GetFileStatus, WebHdfsOp.ListStatus, WebHdfsOp.GetHomeDirectory, WebHdfsOp.GetDelegationToken],
            ["GETCONTENTSUMMARY", "GETQUOTAUSAGE", "GETFILECHECKSUM", "GETFILEBLOCKLOCATIONS", "GET_BLOCK_LOCATIONS",
             "GETACLSTATUS", "GETXATTRS", "LISTXATTRS", "GETTRASHROOT", "LISTSTATUS_BATCH",
             "GETSERVERDEFAULTS", "CHECKACCESS", "GETALLSTORAGEPOLICY", "GETSTORAGEPOLICY", "GETSNAPSHOTDIFF",
             "GETSNAPSHOTTABLEDIRECTORYLIST", "GETECPOLICY", "GETFILELINKSTATUS", "GETSTATUS"]),
        ["PUT"] = new("PutOpParam",
            [WebHdfsOp.Create, WebHdfsOp.Mkdirs, WebHdfsOp.Rename, WebHdfsOp.SetPermission, WebHdfsOp.SetOwner,
             WebHdfsOp.RenewDelegationToken, WebHdfsOp.CancelDelegationToken],
            ["CREATESYMLINK", "SETREPLICATION", "SETTIMES",
             "MODIFYACLENTRIES", "REMOVEACLENTRIES", "REMOVEDEFAULTACL", "REMOVEACL", "SETACL", "SETXATTR",
             "REMOVEXATTR", "CREATESNAPSHOT", "RENAMESNAPSHOT", "ALLOWSNAPSHOT", "DISALLOWSNAPSHOT",
             "SETSTORAGEPOLICY", "SATISFYSTORAGEPOLICY", "ENABLEECPOLICY", "DISABLEECPOLICY", "SETECPOLICY"]),
        ["POST"] = new("PostOpParam",
            [WebHdfsOp.Append, WebHdfsOp.Truncate],
            ["CONCAT", "UNSETSTORAGEPOLICY", "UNSETECPOLICY"]),
        ["DELETE"] = new("DeleteOpParam",
            [WebHdfsOp.Delete],
            ["DELETESNAPSHOT"]),
    };

    /// <summary>The wire name: CREATE, GETFILESTATUS, ...</summary>
    public static string Name(WebHdfsOp op) => op.ToString().ToUpperInvariant();

    /// <summary>True for the operations that move file bytes through a datanode.</summary>
    public static bool HasDataStep(WebHdfsOp op) => op is WebHdfsOp.Create or WebHdfsOp.Append or WebHdfsOp.Open;

    /// <summary>Whether the HTTP method carries WebHDFS operations at all (others answer 405).</summary>
    public static bool IsWebHdfsMethod(string method) => ByMethod.ContainsKey(method);

    public static WebHdfsOp Parse(string method, string? value)
    {
        var ops = ByMethod[method];
        if (string.IsNullOrEmpty(value))
        {
            throw HdfsError.Unsupported("op=NULL is not supported");
        }
        var upper = value.ToUpperInvariant();
        foreach (var op in ops.Implemented)
        {
            if (string.Equals(Name(op), upper, StringComparison.Ordinal))
            {
                return op;
            }
        }
        if (ops.NotEmulated.Contains(upper, StringComparer.Ordinal))
        {
            throw HdfsError.Unsupported($"op={upper} is not supported by the WebHDFS emulator");
        }
        throw HdfsError.InvalidParameter("op", $"No enum constant org.apache.hadoop.hdfs.web.resources.{ops.EnumClass}.Op.{upper}");
    }

    private sealed record MethodOps(string EnumClass, WebHdfsOp[] Implemented, string[] NotEmulated);
}
