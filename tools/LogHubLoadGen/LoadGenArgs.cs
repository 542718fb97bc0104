using System.Globalization;

namespace FlumeNet.LogHubLoadGen;

internal sealed record LoadGenArgs
{
    public const string Usage =
        "usage: FlumeNet.LogHubLoadGen --endpoint URL --project P --logstore S --id ID --secret SECRET [--count 1000] [--batch 100] [--size 200] [--start UNIX] [--spread-hours 3] [--concurrency 4] [--rate-mbps R]\n       FlumeNet.LogHubLoadGen verify --dir FOLDER --count N";

    public string Endpoint { get; init; } = "";

    public string Project { get; init; } = "";

    public string Logstore { get; init; } = "";

    public string AccessKeyId { get; init; } = "";

    public string AccessKey { get; init; } = "";

    public int Count { get; init; } = 1000;

    public int Batch { get; init; } = 100;

    public int Size { get; init; } = 200;

    public long Start { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (3 * 3600);

    public int SpreadHours { get; init; } = 3;

    public int Concurrency { get; init; } = 4;

    /// <summary>Pace the puts to this many MB/s of LogGroup bytes (0: as fast as possible).</summary>
    public double RateMegabytesPerSecond { get; init; }

    public static LoadGenArgs? Parse(string[] args)
    {
        var a = new LoadGenArgs();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            a = args[i] switch
            {
                "--endpoint" => a with { Endpoint = v },
                "--project" => a with { Project = v },
                "--logstore" => a with { Logstore = v },
                "--id" => a with { AccessKeyId = v },
                "--secret" => a with { AccessKey = v },
                "--count" => a with { Count = Int(v) },
                "--batch" => a with { Batch = Math.Max(1, Int(v)) },
                "--size" => a with { Size = Int(v) },
                "--start" => a with { Start = long.Parse(v, CultureInfo.InvariantCulture) },
                "--spread-hours" => a with { SpreadHours = Int(v) },
                "--concurrency" => a with { Concurrency = Math.Max(1, Int(v)) },
                "--rate-mbps" => a with { RateMegabytesPerSecond = double.Parse(v, CultureInfo.InvariantCulture) },
                _ => null,
            };
            if (a is null)
            {
                return null;
            }
        }
        return args.Length % 2 == 0 && a.Endpoint.Length > 0 && a.Project.Length > 0 && a.Logstore.Length > 0 ? a : null;
    }

    private static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
}
