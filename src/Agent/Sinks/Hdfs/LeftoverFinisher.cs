using System.Text.RegularExpressions;
using FlumeNet.Agent.Hdfs.FileSystems;
using NLog;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Finishes in-use files a crash left behind (reference §3.8): before a bucket first writes to a directory, files there
/// named as this sink names its in-use files (<c>inUsePrefix + prefix + "." + digits + ext + inUseSuffix</c>) are renamed to
/// their final names. Flume leaves them forever. Their content is what was flushed, i.e. committed batches.
/// </summary>
internal static class LeftoverFinisher
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static int Finish(IHdfsFileSystem fs, string directory, string prefix, HdfsSinkOptions options)
    {
        if (options.InUsePrefix.Length == 0 && options.InUseSuffix.Length == 0)
        {
            return 0;
        }
        var slash = prefix.LastIndexOf('/');
        var dir = slash < 0 ? directory : BucketWriter.Join(directory, prefix[..slash]);
        var namePrefix = slash < 0 ? prefix : prefix[(slash + 1)..];
        var pattern = new Regex("^" + Regex.Escape(options.InUsePrefix + namePrefix + ".") + @"\d+" + Regex.Escape(options.Extension + options.InUseSuffix) + "$",
            RegexOptions.CultureInvariant);
        var finished = 0;
        foreach (var name in fs.ListFiles(dir))
        {
            if (!pattern.IsMatch(name))
            {
                continue;
            }
            var final = name[options.InUsePrefix.Length..(name.Length - options.InUseSuffix.Length)];
            try
            {
                if (fs.Rename(BucketWriter.Join(dir, name), BucketWriter.Join(dir, final)))
                {
                    finished++;
                    Log.Warn("Finished '{File}' left in use by an earlier run: renamed to '{Final}'", BucketWriter.Join(dir, name), final);
                }
            }
            catch (IOException ex)
            {
                Log.Error("Could not finish '{File}' left by an earlier run: {Reason}", BucketWriter.Join(dir, name), ex.Message);
            }
        }
        return finished;
    }
}
