namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>
/// A fact that needs Node.js and the npm packages of <c>tools/LogHubEmulator/sdk-check</c>
/// (installed by <c>npm ci --prefix tools/LogHubEmulator/sdk-check</c>); skipped when either is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeRunner.NodePath is null)
        {
            Skip = "node is not on PATH";
        }
        else if (!Directory.Exists(Path.Combine(RepoPaths.SdkCheck, "node_modules", "@alicloud", "log"))
            || !Directory.Exists(Path.Combine(RepoPaths.SdkCheck, "node_modules", "aliyun-sdk")))
        {
            Skip = "npm packages missing: run npm ci --prefix tools/LogHubEmulator/sdk-check";
        }
    }
}
