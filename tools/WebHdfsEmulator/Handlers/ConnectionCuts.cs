using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>Cutting connections on purpose (faults) and telling whether a request's connection is gone.</summary>
/// <remarks>
/// A cut is decided by <see cref="Cut"/> but carried out by <see cref="DropIfCut"/>, which the endpoint frame calls
/// last: after the request's lease was released or left lingering, its file closed and its response counted. So a
/// client that sees the connection drop finds the emulator's state (files, leases, stats) already settled. On the
/// wire nothing changes: the handler writes nothing after deciding the cut, and the connection is dropped before the
/// handler returns, so no (further) response bytes are ever sent.
/// </remarks>
internal static class ConnectionCuts
{
    private const string AbortedKey = "FlumeNet.WebHdfsEmulator.Aborted";

    /// <summary>True when the emulator cut (or decided to cut) the connection, or the client went away.</summary>
    public static bool WasAborted(HttpContext context) =>
        context.Items.ContainsKey(AbortedKey) || context.RequestAborted.IsCancellationRequested;

    /// <summary>
    /// Decides to drop the connection without (further) response bytes; the caller must write nothing more.
    /// The drop itself happens in <see cref="DropIfCut"/> once the request's bookkeeping is done.
    /// </summary>
    public static void Cut(HttpContext context) => context.Items[AbortedKey] = true;

    /// <summary>Drops the connection if <see cref="Cut"/> decided so; the last thing an endpoint does with a request.</summary>
    public static void DropIfCut(HttpContext context)
    {
        if (context.Items.ContainsKey(AbortedKey))
        {
            context.Abort();
        }
    }

    /// <summary>The reset fault: reads part of the body (up to half of a declared length), then drops the connection.</summary>
    public static async Task ResetAsync(HttpContext context)
    {
        var toRead = context.Request.ContentLength is long declared ? Math.Max(1, declared / 2) : 1;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (toRead > 0)
            {
                var n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, toRead)), context.RequestAborted)
                    .ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                toRead -= n;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client is gone already; the cut below is a no-op then.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Cut(context);
    }

    /// <summary>Reads and discards a request body, returning how many bytes it had.</summary>
    public static async Task<long> DiscardBodyAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int n;
            while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += n;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A client that gives up on its body still gets its answer if the connection allows it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return total;
    }
}
