using System.Buffers;
using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>
/// The DataNode side of CREATE, APPEND and OPEN: moves bytes between the HTTP body and the local file while holding
/// the file's lease. Used by the WebHDFS DataNode and by HttpFS uploads.
/// </summary>
internal sealed class DataTransfer(LocalNamespace ns, TimeSpan abortedLeaseHold, TimeSpan cutCloseDelay)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Stores the request body (CREATE or APPEND). Returns false when the connection was lost or cut: the bytes that
    /// arrived stay in the file, as they do when a DataNode pipeline loses its client, and the lease lingers for the
    /// configured hold.
    /// </summary>
    public async Task<bool> UploadAsync(HttpContext context, WebHdfsRequest request, bool overwriteByDefault, bool partialFault)
    {
        var path = request.Path;
        var p = request.Params;
        var create = request.Op == WebHdfsOp.Create;
        var overwrite = p.GetBool("overwrite", overwriteByDefault);
        var permission = p.GetPermission();
        var replication = p.GetShort("replication");
        var blockSize = p.GetLong("blocksize");
        if (!create)
        {
            ns.RequireAppendable(path);
        }
        var lease = ns.AcquireLease(request.OpName, path, ns.Leases.NewHolderName());
        var hold = TimeSpan.Zero;
        byte[]? late = null;
        var complete = false;
        var cut = false;
        try
        {
            var file = create ? ns.CreateFile(path, overwrite, permission, replication, blockSize, request.User) : ns.OpenForAppend(path);
            await using (file.ConfigureAwait(false))
            {
                if (partialFault)
                {
                    var half = await ReadFirstHalfAsync(context).ConfigureAwait(false);
                    if (cutCloseDelay > TimeSpan.Zero)
                    {
                        late = half;
                    }
                    else
                    {
                        await file.WriteAsync(half).ConfigureAwait(false);
                        await file.FlushAsync().ConfigureAwait(false);
                    }
                    ConnectionCuts.Cut(context);
                }
                else
                {
                    complete = await CopyBodyAsync(context, file).ConfigureAwait(false);
                }
                if (!complete)
                {
                    hold = abortedLeaseHold;
                    cut = true;
                }
                return complete;
            }
        }
        finally
        {
            if (cut && cutCloseDelay > TimeSpan.Zero)
            {
                _ = CloseLateAsync(lease, late, hold);
            }
            else
            {
                ns.Leases.Release(lease, hold);
            }
        }
    }

    // The DataNode's asynchronous close of a cut upload: its bytes become visible and its lease goes only now.
    private async Task CloseLateAsync(Lease lease, byte[]? late, TimeSpan hold)
    {
        try
        {
            await Task.Delay(cutCloseDelay).ConfigureAwait(false);
            if (late is { Length: > 0 })
            {
                var file = ns.OpenForAppend(lease.Path);
                await using (file.ConfigureAwait(false))
                {
                    await file.WriteAsync(late).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or HdfsError or UnauthorizedAccessException)
        {
            // The file went away meanwhile (deleted): nothing to close.
        }
        finally
        {
            ns.Leases.Release(lease, hold);
        }
    }

    /// <summary>
    /// After a reset fault on an upload: the DataNode had opened the file for its client, so the lease lingers for the
    /// configured hold although no byte was written.
    /// </summary>
    public void LingerAfterCut(WebHdfsRequest request)
    {
        if (abortedLeaseHold > TimeSpan.Zero && ns.Leases.TryAcquire(request.Path, ns.Leases.NewHolderName(), out var lease))
        {
            ns.Leases.Release(lease, abortedLeaseHold);
        }
    }

    /// <summary>Sends [offset, offset+length) of a file; the partial fault sends half of it and cuts the connection.</summary>
    public async Task DownloadAsync(HttpContext context, WebHdfsRequest request, bool partialFault)
    {
        var offset = request.Params.GetLong("offset") ?? 0;
        var requested = request.Params.GetLong("length");
        var file = ns.OpenForRead(request.Path);
        await using (file.ConfigureAwait(false))
        {
            var length = file.Length;
            if (offset < 0 || offset > length)
            {
                throw HdfsError.IO($"Offset={offset} out of the range [0, {length}); OPEN, path={request.Path}");
            }
            var count = length - offset;
            if (requested is >= 0)
            {
                count = Math.Min(count, requested.Value);
            }
            file.Seek(offset, SeekOrigin.Begin);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/octet-stream";
            response.ContentLength = count;
            var toSend = partialFault ? count / 2 : count;
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                while (toSend > 0)
                {
                    var n = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, toSend)), context.RequestAborted).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break; // truncated meanwhile; Kestrel reports the short body by closing the connection
                    }
                    await response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
                    toSend -= n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (partialFault)
            {
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                ConnectionCuts.Cut(context);
            }
        }
    }

    private static async Task<bool> CopyBodyAsync(HttpContext context, FileStream file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (true)
            {
                int n;
                try
                {
                    n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, ChunkSize), context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    return false;
                }
                if (n == 0)
                {
                    return true;
                }
                await file.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The partial fault: reads the body; its first half is what reaches the file before the connection drops.</summary>
    private static async Task<byte[]> ReadFirstHalfAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Keep whatever arrived; half of it is applied below.
        }
        return body.GetBuffer().AsSpan(0, (int)body.Length / 2).ToArray();
    }
}
