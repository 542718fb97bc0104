namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>Which HTTP status a Java exception becomes. WebHDFS and HttpFS disagree on plain IOExceptions.</summary>
internal static class StatusMapping
{
    /// <summary>NameNode/DataNode WebHDFS (ExceptionHandler): IOException and subclasses are 403.</summary>
    public static int WebHdfs(JavaExceptionFamily family) => family switch
    {
        JavaExceptionFamily.IllegalArgument or JavaExceptionFamily.UnsupportedOperation => 400,
        JavaExceptionFamily.Security => 401,
        JavaExceptionFamily.IO => 403,
        JavaExceptionFamily.FileNotFound => 404,
        _ => 500,
    };

    /// <summary>HttpFS (HttpFSExceptionProvider): IOException and subclasses other than FileNotFound are 500.</summary>
    public static int HttpFs(JavaExceptionFamily family) => family switch
    {
        JavaExceptionFamily.IllegalArgument or JavaExceptionFamily.UnsupportedOperation => 400,
        JavaExceptionFamily.Security => 401,
        JavaExceptionFamily.FileNotFound => 404,
        _ => 500,
    };
}
