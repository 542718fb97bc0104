namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>What a Java exception is a subclass of; that alone decides the HTTP status.</summary>
internal enum JavaExceptionFamily
{
    IllegalArgument,
    UnsupportedOperation,
    Security,
    IO,
    FileNotFound,
    Runtime,
}

/// <summary>A Java exception class as the RemoteException body names it.</summary>
internal sealed record JavaExceptionType(string SimpleName, string ClassName, JavaExceptionFamily Family)
{
    public static readonly JavaExceptionType FileNotFound = new("FileNotFoundException", "java.io.FileNotFoundException", JavaExceptionFamily.FileNotFound);
    public static readonly JavaExceptionType IO = new("IOException", "java.io.IOException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType FileAlreadyExists = new("FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType ParentNotDirectory = new("ParentNotDirectoryException", "org.apache.hadoop.fs.ParentNotDirectoryException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType PathIsNotEmptyDirectory = new("PathIsNotEmptyDirectoryException", "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType AlreadyBeingCreated = new("AlreadyBeingCreatedException", "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType RecoveryInProgress = new("RecoveryInProgressException", "org.apache.hadoop.hdfs.protocol.RecoveryInProgressException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType LeaseExpired = new("LeaseExpiredException", "org.apache.hadoop.hdfs.server.namenode.LeaseExpiredException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType Standby = new("StandbyException", "org.apache.hadoop.ipc.StandbyException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType SafeMode = new("SafeModeException", "org.apache.hadoop.hdfs.server.namenode.SafeModeException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType Retriable = new("RetriableException", "org.apache.hadoop.ipc.RetriableException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType InvalidToken = new("InvalidToken", "org.apache.hadoop.security.token.SecretManager$InvalidToken", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType AccessControl = new("AccessControlException", "org.apache.hadoop.security.AccessControlException", JavaExceptionFamily.IO);
    public static readonly JavaExceptionType IllegalArgument = new("IllegalArgumentException", "java.lang.IllegalArgumentException", JavaExceptionFamily.IllegalArgument);
    public static readonly JavaExceptionType HadoopIllegalArgument = new("HadoopIllegalArgumentException", "org.apache.hadoop.HadoopIllegalArgumentException", JavaExceptionFamily.IllegalArgument);
    public static readonly JavaExceptionType InvalidPath = new("InvalidPathException", "org.apache.hadoop.fs.InvalidPathException", JavaExceptionFamily.IllegalArgument);
    public static readonly JavaExceptionType UnsupportedOperation = new("UnsupportedOperationException", "java.lang.UnsupportedOperationException", JavaExceptionFamily.UnsupportedOperation);
    public static readonly JavaExceptionType Security = new("SecurityException", "java.lang.SecurityException", JavaExceptionFamily.Security);
    public static readonly JavaExceptionType Runtime = new("RuntimeException", "java.lang.RuntimeException", JavaExceptionFamily.Runtime);

    private static readonly JavaExceptionType[] Known =
    [
        FileNotFound, IO, FileAlreadyExists, ParentNotDirectory, PathIsNotEmptyDirectory, AlreadyBeingCreated,
        RecoveryInProgress, LeaseExpired, Standby, SafeMode, Retriable, InvalidToken, AccessControl, IllegalArgument,
        HadoopIllegalArgument, InvalidPath, UnsupportedOperation, Security, Runtime,
    ];

    /// <summary>Finds a known class by simple or fully qualified name.</summary>
    public static JavaExceptionType? Find(string name)
    {
        foreach (var type in Known)
        {
            if (string.Equals(type.SimpleName, name, StringComparison.Ordinal) || string.Equals(type.ClassName, name, StringComparison.Ordinal))
            {
                return type;
            }
        }
        return null;
    }

    /// <summary>The class a server would most plausibly throw for a status: used by injected status faults.</summary>
    public static JavaExceptionType ForStatus(int status) => status switch
    {
        400 => IllegalArgument,
        401 => Security,
        403 => IO,
        404 => FileNotFound,
        _ => Runtime,
    };
}
