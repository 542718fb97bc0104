using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>A compiled <see cref="BucketPath"/> with the sink's zone, rounding and clock.</summary>
internal sealed class BucketPathTemplate : IPathTemplate
{
    private readonly BucketPath _path;
    private readonly BucketContext _context;

    public BucketPathTemplate(BucketPath path, BucketContext context)
    {
        _path = path;
        _context = context;
    }

    public string Expand(FlumeEvent e, long nowMs) => _path.Expand(e, _context);
}
