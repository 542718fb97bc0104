using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using NLog;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Flume's <c>exec</c> source: runs a command and turns each line of its standard output into an event (the line
/// terminator, <c>\n</c> or <c>\r\n</c>, stripped). Lines are committed in batches of <c>batchSize</c>, or sooner once
/// <c>batchTimeout</c> has passed since the first line of the batch, and when the command ends. With <c>restart</c> the
/// command is started again <c>restartThrottle</c> ms after it exits. Standard error is logged at INFO with
/// <c>logStdErr</c>, else read and discarded.
/// </summary>
/// <remarks>
/// Unlike Flume, which drops a batch the channels refuse, a refused batch is retried with a doubling delay (capped at
/// 5 s, a WARN per retry) for as long as the source runs: reading stops meanwhile, so the command blocks on its full
/// pipe (backpressure) and nothing it wrote is lost. Only when the source is stopping does a refused batch get one last
/// attempt and then count as lost (ERROR).
/// </remarks>
public sealed class ExecSource : IEventDrivenSource, IMeteredSource
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly ExecSourceOptions _options;
    private readonly Encoding? _charset;
    private readonly bool _transcode;
    private readonly object _processLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abortReads = new();
    private readonly List<FlumeEvent> _batch;
    private readonly RetryingBatchDelivery _delivery;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _batchDeadline;
    private Process? _process;
    private Task? _runner;

    public ExecSource(string name, ExecSourceOptions options, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _options = options with { BatchSize = Math.Max(1, options.BatchSize) };
        _batch = new List<FlumeEvent>(_options.BatchSize);
        _charset = ResolveCharset(options.Charset);
        // Lines are split on the byte '\n', which only ASCII-compatible encodings guarantee; others are read as UTF-8 and re-encoded.
        _transcode = _charset is not null && _charset.CodePage is not (65001 or 20127 or 28591);
        Counter = new SourceCounter(name);
        _delivery = new RetryingBatchDelivery(name, "events", processor, Counter);
    }

    public string Name { get; }

    public SourceCounter Counter { get; }

    public ExecSourceOptions Options => _options;

    public static ExecSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var options = new ExecSourceOptions(
            o.RequiredString("command"),
            o.GetString("shell"),
            o.GetBool("restart", false),
            TimeSpan.FromMilliseconds(Math.Max(0, o.GetLong("restartThrottle", 10000))),
            o.GetBool("logStdErr", false),
            o.GetInt("batchSize", 20),
            TimeSpan.FromMilliseconds(Math.Max(0, o.GetLong("batchTimeout", 3000))),
            o.GetString("charset") ?? "UTF-8");
        return new ExecSource(o.Name, options, processor);
    }

    public void Start()
    {
        if (_charset is null)
        {
            throw new IOException($"exec source '{Name}' cannot start: unknown charset '{_options.Charset}'");
        }
        Counter.Start();
        var process = Launch();
        lock (_processLock)
        {
            _process = process;
        }
        _runner = Task.Run(() => RunAsync(process));
        Log.Info("Source '{Source}' started command [{Command}]", Name, _options.Command);
    }

    public void Stop()
    {
        _stopping.Cancel();
        lock (_processLock)
        {
            Kill(_process);
        }
        // Killing the command closes its output, so the runner reads what is left, commits it and ends.
        if (_runner is not null && !_runner.Wait(StopGrace))
        {
            _abortReads.Cancel();
            _runner.Wait(StopGrace);
        }
        Counter.Stop();
        Log.Info("Source '{Source}' stopped", Name);
    }

    private static Encoding? ResolveCharset(string name)
    {
        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private Process Launch()
    {
        var argv = _options.CommandLine();
        if (argv.Count == 0)
        {
            throw new IOException($"exec source '{Name}' cannot start: the command is empty");
        }
        var info = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            // Like Java's ProcessBuilder: stdin is a pipe kept open, not the agent's own input.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = _charset,
        };
        for (var i = 1; i < argv.Count; i++)
        {
            info.ArgumentList.Add(argv[i]);
        }
        try
        {
            return Process.Start(info) ?? throw new IOException($"exec source '{Name}' cannot start [{_options.Command}]: no process was started");
        }
        catch (Win32Exception ex)
        {
            throw new IOException($"exec source '{Name}' cannot start [{_options.Command}]: {ex.Message}", ex);
        }
    }

    private void Kill(Process? process)
    {
        if (process is null)
        {
            return;
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            Log.Debug("Source '{Source}': could not kill the command: {Reason}", Name, ex.Message);
        }
    }

    private async Task RunAsync(Process first)
    {
        Process? process = first;
        try
        {
            while (process is not null)
            {
                await RunOnceAsync(process).ConfigureAwait(false);
                process = _options.Restart ? await RestartAsync().ConfigureAwait(false) : null;
            }
        }
        catch (Exception ex)
        {
            Log.Error(ex, "Source '{Source}' stopped reading command [{Command}] after an unexpected failure", Name, _options.Command);
        }
    }

    private async Task RunOnceAsync(Process process)
    {
        var stderr = DrainStdErrAsync(process);
        var stdout = process.StandardOutput.BaseStream;
        var input = _transcode ? Encoding.CreateTranscodingStream(stdout, _charset!, Encoding.UTF8, leaveOpen: true) : stdout;
        try
        {
            await PumpAsync(input).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Log.Debug("Source '{Source}': stopped reading the command's output: {Reason}", Name, ex.Message);
        }
        await DeliverAsync().ConfigureAwait(false);
        try
        {
            await process.WaitForExitAsync(_abortReads.Token).ConfigureAwait(false);
            Log.Info("Source '{Source}': command [{Command}] exited with {ExitCode}", Name, _options.Command, process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            Log.Warn("Source '{Source}': command [{Command}] did not exit", Name, _options.Command);
        }
        // A background child may hold stderr open after the command exits: give the drain a moment, not forever.
        await Task.WhenAny(stderr, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        lock (_processLock)
        {
            _process = null;
            process.Dispose();
        }
        if (!ReferenceEquals(input, stdout))
        {
            await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Process?> RestartAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_options.EffectiveRestartThrottle, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            lock (_processLock)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return null;
                }
                try
                {
                    _process = Launch();
                    Log.Info("Source '{Source}' restarted command [{Command}]", Name, _options.Command);
                    return _process;
                }
                catch (IOException ex)
                {
                    Log.Error("Source '{Source}': {Reason}; trying again in {Throttle} ms", Name, ex.Message, _options.EffectiveRestartThrottle.TotalMilliseconds);
                }
            }
        }
    }

    // Reads the command's output to its end, batching lines; a batch waiting for more lines goes once its timeout passes.
    private async Task PumpAsync(Stream input)
    {
        _start = _end = 0;
        while (true)
        {
            MakeRoom();
            var pending = input.ReadAsync(_buffer.AsMemory(_end), _abortReads.Token);
            int n;
            if (!pending.IsCompleted && _batch.Count > 0)
            {
                var read = pending.AsTask();
                while (!read.IsCompleted && _batch.Count > 0)
                {
                    var wait = _batchDeadline - Environment.TickCount64;
                    if (wait <= 0)
                    {
                        await DeliverAsync().ConfigureAwait(false);
                        break;
                    }
                    await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(wait))).ConfigureAwait(false);
                }
                n = await read.ConfigureAwait(false);
            }
            else
            {
                n = await pending.ConfigureAwait(false);
            }
            if (n == 0)
            {
                if (_end > _start)
                {
                    AddLine(_start, _end);
                }
                _start = _end = 0;
                return;
            }
            _end += n;
            await SplitLinesAsync().ConfigureAwait(false);
        }
    }

    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    }

    private async ValueTask SplitLinesAsync()
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }
            AddLine(_start, _start + nl);
            _start += nl + 1;
            if (_batch.Count >= _options.BatchSize)
            {
                await DeliverAsync().ConfigureAwait(false);
            }
        }
        if (_batch.Count > 0 && Environment.TickCount64 >= _batchDeadline)
        {
            await DeliverAsync().ConfigureAwait(false);
        }
    }

    private void AddLine(int from, int to)
    {
        if (to > from && _buffer[to - 1] == (byte)'\r')
        {
            to--;
        }
        var body = _buffer.AsSpan(from, to - from).ToArray();
        if (_transcode)
        {
            body = _charset!.GetBytes(Encoding.UTF8.GetString(body));
        }
        if (_batch.Count == 0)
        {
            _batchDeadline = Environment.TickCount64 + (long)_options.EffectiveBatchTimeout.TotalMilliseconds;
        }
        _batch.Add(new FlumeEvent(body));
    }

    private ValueTask DeliverAsync() => _delivery.DeliverAsync(_batch, _stopping.Token);

    private async Task DrainStdErrAsync(Process process)
    {
        try
        {
            if (!_options.LogStdErr)
            {
                var sink = new byte[4096];
                while (await process.StandardError.BaseStream.ReadAsync(sink, _abortReads.Token).ConfigureAwait(false) > 0)
                {
                }
                return;
            }
            while (await process.StandardError.ReadLineAsync(_abortReads.Token).ConfigureAwait(false) is { } line)
            {
                Log.Info("Source '{Source}' stderr: {Line}", Name, line);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Log.Debug("Source '{Source}': stopped reading the command's stderr: {Reason}", Name, ex.Message);
        }
    }
}
