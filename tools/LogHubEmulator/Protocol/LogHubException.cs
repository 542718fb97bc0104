namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>A LogHub error answer: HTTP status, <c>errorCode</c> and <c>errorMessage</c> of the JSON error body.</summary>
internal sealed class LogHubException : Exception
{
    public LogHubException(int status, string errorCode, string message)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public LogHubException()
        : this(500, "InternalServerError", "internal server error")
    {
    }

    public LogHubException(string message)
        : this(500, "InternalServerError", message)
    {
    }

    public LogHubException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        ErrorCode = "InternalServerError";
    }

    public int Status { get; }

    public string ErrorCode { get; }
}
