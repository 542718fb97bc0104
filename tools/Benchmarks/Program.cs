using BenchmarkDotNet.Running;

namespace FlumeNet.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "hdfs-sink")
        {
            return HdfsSinkThroughput.Run(args);
        }
        if (args.Length > 0 && args[0] == "file-sources")
        {
            return FileSourceThroughput.Run(args);
        }
        if (args.Length > 0 && args[0] == "file-channel")
        {
            return FileChannelThroughput.Run(args);
        }
        if (args.Length > 0 && args[0] == "rpc-decode")
        {
            return RpcDecodeThroughput.Run(args);
        }
        if (args.Length > 0 && args[0] == "syslog-decode")
        {
            return SyslogDecodeThroughput.Run(args);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
