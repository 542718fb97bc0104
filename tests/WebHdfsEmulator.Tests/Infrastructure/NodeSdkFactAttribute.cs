namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>
/// A fact that needs node on PATH and the npm packages of tools/WebHdfsEmulator/sdk-check installed
/// (npm ci --prefix tools/WebHdfsEmulator/sdk-check); skipped, with the reason, otherwise.
/// </summary>
public sealed class NodeSdkFactAttribute : FactAttribute
{
    public NodeSdkFactAttribute()
    {
        if (RepoPaths.Node is null)
        {
            Skip = "node is not on PATH";
        }
        else if (RepoPaths.SdkCheck is not { } sdkCheck || !Directory.Exists(Path.Combine(sdkCheck, "node_modules", "webhdfs")))
        {
            Skip = "npm packages missing: run npm ci --prefix tools/WebHdfsEmulator/sdk-check";
        }
    }
}
