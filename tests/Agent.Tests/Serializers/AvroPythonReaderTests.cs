using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Tests.Sources;

namespace FlumeNet.Agent.Tests.Serializers;

/// <summary>
/// avro_event files with each codec this agent writes, read by Apache Avro's own Python implementation (Debian's
/// python3-avro, with python3-zstandard for zstandard): an independent reader of the container and the codecs.
/// </summary>
public sealed class AvroPythonReaderTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-avro-py-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonAvroCodecsFact]
    public void EveryCodec_IsReadByPythonAvro()
    {
        foreach (var codec in new[] { "null", "deflate", "bzip2", "zstandard" })
        {
            var file = Path.Combine(_dir, codec + ".avro");
            using (var stream = File.Create(file))
            {
                var serializer = AvroEventSerializer.Create(SourceHarness.Options(SerializerSpecs.AvroEvent,
                    ("compressionCodec", codec), ("syncIntervalBytes", "4096")))(stream);
                serializer.AfterCreate();
                for (var i = 0; i < 3000; i++)
                {
                    var e = new FlumeEvent(Encoding.UTF8.GetBytes($"event {i} " + new string('z', i % 90)));
                    e.Headers["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    serializer.Write(e);
                    if (i % 1000 == 999)
                    {
                        serializer.Flush();
                    }
                }
                serializer.BeforeClose();
            }
            var output = Run($$"""
                import sys
                from avro.datafile import DataFileReader
                from avro.io import DatumReader
                r = DataFileReader(open(sys.argv[1], 'rb'), DatumReader())
                n = 0
                for rec in r:
                    assert rec['body'] == ('event %d ' % n + 'z' * (n % 90)).encode(), rec
                    assert rec['headers'] == {'n': str(n)}, rec
                    n += 1
                print(r.meta['avro.codec'].decode(), n)
                """, file);
            Assert.Equal($"{codec} 3000", output.Trim());
        }
    }

    private static string Run(string script, string file)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(file);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)), "python3 did not end");
        Assert.True(p.ExitCode == 0, stderr.Result);
        return stdout;
    }
}

/// <summary>Skipped with the reason when Debian's python3-avro or python3-zstandard is missing.</summary>
public sealed class PythonAvroCodecsFactAttribute : FactAttribute
{
    public PythonAvroCodecsFactAttribute()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Skip = "/usr/bin/python3 is missing";
            return;
        }
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import avro.datafile, zstandard\"") { UseShellExecute = false, RedirectStandardError = true })!;
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            Skip = "python3 did not answer within 30 s";
            return;
        }
        if (p.ExitCode != 0)
        {
            Skip = "python3-avro or python3-zstandard is not installed (apt-get install python3-avro python3-zstandard)";
        }
    }
}
