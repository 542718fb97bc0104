using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>An escaped path or prefix template, expanded per event (implemented over BucketPath).</summary>
internal interface IPathTemplate
{
    /// <exception cref="BucketPathException">The event lacks what the template needs (a timestamp header).</exception>
    string Expand(FlumeEvent e, long nowMs);
}
