using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Modular.Host.Tests;

/// <summary>The built <c>modular</c> executable run as a separate process, as an operator runs it.</summary>
internal sealed partial class ModularProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _rpcUri = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ModularProcess(Process process) => _process = process;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToList();
            }
        }
    }

    public static ModularProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modular.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var modular = new ModularProcess(new Process { StartInfo = start });
        modular._process.OutputDataReceived += (_, e) => modular.OnLine(e.Data);
        modular._process.ErrorDataReceived += (_, e) => modular.OnLine(e.Data);
        modular._process.Start();
        modular._process.BeginOutputReadLine();
        modular._process.BeginErrorReadLine();
        return modular;
    }

    /// <summary>The RPC address the process logged once it listens.</summary>
    public Task<Uri> RpcUri => _rpcUri.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Completes when the process logged that it started.</summary>
    public Task Started => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        if (kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill(SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        if (line.Contains("started with plugins", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
        if (RpcListening().Match(line) is { Success: true } match)
        {
            _rpcUri.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private const int SigInt = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [GeneratedRegex(@"rpc listening on (ws://\S+/rpc)")]
    private static partial Regex RpcListening();
}
