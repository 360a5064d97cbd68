using System.Globalization;
using Modular.Plugins.Relay.Client;
using Spectre.Console;

namespace Modular.Plugins.Relay.Cli;

/// <summary>
/// Progress on the terminal: a Spectre.Console bar with bytes, rate and ETA when stdout is a terminal,
/// otherwise one plain line per <see cref="PlainInterval"/> and one at the end.
/// </summary>
public sealed class ConsoleTransferProgress(string verb, TimeProvider time) : ITransferProgress, IAsyncDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ProgressTask> _bar = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _display;
    private long _total;
    private long _done;
    private long _started;
    private long _startDone;
    private long _lastLine;

    private static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public void Start(long totalBytes, long resumedBytes)
    {
        _total = totalBytes;
        _done = _startDone = resumedBytes;
        _started = _lastLine = time.GetTimestamp();
        if (Interactive)
        {
            _display = AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                    new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(verb, maxValue: Math.Max(1, totalBytes));
                    task.Value = Interlocked.Read(ref _done);
                    _bar.TrySetResult(task);
                    await _finished.Task.ConfigureAwait(false);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            Console.WriteLine(resumedBytes > 0
                ? $"{verb}: {Size(totalBytes)} in all, resuming after {Size(resumedBytes)}"
                : $"{verb}: {Size(totalBytes)}");
        }
    }

    public void Advance(long bytes)
    {
        var done = Interlocked.Add(ref _done, bytes);
        if (_bar.Task.IsCompletedSuccessfully)
        {
            _bar.Task.Result.Value = done;
        }
        else if (_display is null && time.GetElapsedTime(_lastLine) >= PlainInterval)
        {
            _lastLine = time.GetTimestamp();
            Console.WriteLine(Line(done));
        }
    }

    public void Finish()
    {
        _finished.TrySetResult();
        if (_display is null)
        {
            Console.WriteLine(Line(Interlocked.Read(ref _done)));
        }
    }

    private string Line(long done)
    {
        var seconds = Math.Max(time.GetElapsedTime(_started).TotalSeconds, 0.001);
        var rate = (done - _startDone) / seconds;
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"{verb}: {Size(done)} of {Size(_total)}, {Size((long)rate)}/s, ETA {eta:hh\\:mm\\:ss}");
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    public async ValueTask DisposeAsync()
    {
        _finished.TrySetResult();
        if (_display is not null)
        {
            await _display.ConfigureAwait(false);
        }
    }
}
