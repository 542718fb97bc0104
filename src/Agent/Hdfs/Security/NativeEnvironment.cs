using System.Runtime.InteropServices;

namespace FlumeNet.Agent.Hdfs.Security;

/// <summary>
/// Sets a variable in the process's native environment. .NET's Environment.SetEnvironmentVariable changes only a
/// managed copy on Unix, but MIT Kerberos (under NegotiateAuthentication) reads KRB5CCNAME from the native one.
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"cannot set {name} for the Kerberos library (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
