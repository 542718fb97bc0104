using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>
/// The JSON bodies WebHDFS answers with. Keys are written in alphabetical order, as Hadoop's JsonUtil (a TreeMap)
/// writes them.
/// </summary>
internal static class JsonResponses
{
    public const string JsonContentType = "application/json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    public static Task BooleanAsync(HttpResponse response, bool value) =>
        WriteAsync(response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("boolean", value);
            w.WriteEndObject();
        });

    public static Task LocationAsync(HttpResponse response, Uri location) =>
        WriteAsync(response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("Location", location.AbsoluteUri);
            w.WriteEndObject();
        });

    public static Task PathAsync(HttpResponse response, string path) =>
        WriteAsync(response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("Path", path);
            w.WriteEndObject();
        });

    public static Task FileStatusAsync(HttpResponse response, FileStatusInfo status) =>
        WriteAsync(response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("FileStatus");
            WriteFileStatus(w, status);
            w.WriteEndObject();
        });

    public static Task FileStatusesAsync(HttpResponse response, IReadOnlyList<FileStatusInfo> statuses) =>
        WriteAsync(response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("FileStatuses");
            w.WriteStartArray("FileStatus");
            foreach (var status in statuses)
            {
                WriteFileStatus(w, status);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static Task RemoteExceptionAsync(HttpResponse response, int status, HdfsError error) =>
        WriteAsync(response, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("RemoteException");
            w.WriteString("exception", error.Type.SimpleName);
            w.WriteString("javaClassName", error.Type.ClassName);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void WriteFileStatus(Utf8JsonWriter w, FileStatusInfo status)
    {
        var a = status.Attributes;
        w.WriteStartObject();
        w.WriteNumber("accessTime", status.AccessTime);
        w.WriteNumber("blockSize", a.BlockSize);
        w.WriteNumber("childrenNum", status.ChildrenNum);
        w.WriteNumber("fileId", a.FileId);
        w.WriteString("group", a.Group);
        w.WriteNumber("length", status.Length);
        w.WriteNumber("modificationTime", status.ModificationTime);
        w.WriteString("owner", a.Owner);
        w.WriteString("pathSuffix", status.PathSuffix);
        w.WriteString("permission", Convert.ToString(a.Permission, 8));
        w.WriteNumber("replication", a.Replication);
        w.WriteNumber("storagePolicy", 0);
        w.WriteString("type", status.IsDirectory ? "DIRECTORY" : "FILE");
        w.WriteEndObject();
    }
}
