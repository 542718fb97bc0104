using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>What the taildir source needs to know of a file: its identity (device and inode), size, mtime and birth time.</summary>
internal readonly record struct FileStat(ulong Device, ulong Inode, long Size, long MTimeMillis, long? BirthMillis);

/// <summary>
/// <c>statx(2)</c> through libc. Its buffer layout is fixed by the kernel ABI for every architecture (unlike
/// <c>struct stat</c>), so the offsets below hold on x86-64 and arm64 alike; glibc has exported it since 2.28.
/// </summary>
internal static class UnixFileStat
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x07ff;
    private const uint StatxBtime = 0x0800;
    private const int BufferSize = 256;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>Stats a path, following symlinks; null when it does not exist.</summary>
    /// <exception cref="IOException">Any other failure (permissions, I/O, no statx on this system).</exception>
    public static FileStat? OfPath(string path)
    {
        Span<byte> buf = stackalloc byte[BufferSize];
        int rc;
        try
        {
            rc = Statx(AtFdCwd, path, 0, StatxBasicStats | StatxBtime, ref MemoryMarshal.GetReference(buf));
        }
        catch (EntryPointNotFoundException ex)
        {
            throw new IOException("statx(2) is not available; the taildir source needs Linux with glibc 2.28 or later", ex);
        }
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return null;
            }
            throw new IOException($"Cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return Parse(buf);
    }

    /// <summary>Stats an open file (the inode it refers to, even if its name was since renamed or deleted).</summary>
    public static FileStat OfHandle(SafeFileHandle handle, string pathForMessages)
    {
        Span<byte> buf = stackalloc byte[BufferSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            if (Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats | StatxBtime, ref MemoryMarshal.GetReference(buf)) != 0)
            {
                throw new IOException($"Cannot stat the open file {pathForMessages}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return Parse(buf);
    }

    private static FileStat Parse(ReadOnlySpan<byte> b)
    {
        var mask = MemoryMarshal.Read<uint>(b);
        var ino = MemoryMarshal.Read<ulong>(b[32..]);
        var size = MemoryMarshal.Read<long>(b[40..]);
        var mtime = Millis(b[112..]);
        long? btime = (mask & StatxBtime) != 0 ? Millis(b[80..]) : null;
        var devMajor = MemoryMarshal.Read<uint>(b[136..]);
        var devMinor = MemoryMarshal.Read<uint>(b[140..]);
        return new FileStat(((ulong)devMajor << 32) | devMinor, ino, size, mtime, btime);
    }

    private static long Millis(ReadOnlySpan<byte> timestamp) =>
        (MemoryMarshal.Read<long>(timestamp) * 1000) + (MemoryMarshal.Read<uint>(timestamp[8..]) / 1_000_000);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);
}
