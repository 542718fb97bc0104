using System.Text;

namespace FlumeNet.Benchmarks;

/// <summary>A realistic large config: many small pipelines (netcat → memory → hdfs) in one agent.</summary>
public static class LargeConfig
{
    public static string Write(int targetLines)
    {
        var pipelines = targetLines / 16;
        var sb = new StringBuilder();
        sb.Append("a1.sources =");
        for (var i = 0; i < pipelines; i++)
        {
            sb.Append(" r").Append(i);
        }
        sb.Append("\na1.channels =");
        for (var i = 0; i < pipelines; i++)
        {
            sb.Append(" c").Append(i);
        }
        sb.Append("\na1.sinks =");
        for (var i = 0; i < pipelines; i++)
        {
            sb.Append(" k").Append(i);
        }
        sb.Append('\n');
        for (var i = 0; i < pipelines; i++)
        {
            sb.Append($"""
                # pipeline {i}
                a1.sources.r{i}.type = netcat
                a1.sources.r{i}.bind = 127.0.0.1
                a1.sources.r{i}.port = {10000 + i}
                a1.sources.r{i}.channels = c{i}
                a1.sources.r{i}.interceptors = ts
                a1.sources.r{i}.interceptors.ts.type = timestamp
                a1.channels.c{i}.type = memory
                a1.channels.c{i}.capacity = 2000
                a1.channels.c{i}.transactionCapacity = 2000
                a1.sinks.k{i}.type = hdfs
                a1.sinks.k{i}.channel = c{i}
                a1.sinks.k{i}.hdfs.path = /tmp/flume/p{i}/%Y%m%d/%H
                a1.sinks.k{i}.hdfs.fileType = DataStream
                a1.sinks.k{i}.hdfs.rollInterval = 3600

                """);
        }
        var path = Path.Combine(Path.GetTempPath(), $"flumenet-bench-{targetLines}.properties");
        File.WriteAllText(path, sb.ToString(), Encoding.Latin1);
        return path;
    }
}
