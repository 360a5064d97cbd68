using System.Diagnostics;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Kem.Configuration;

namespace Modular.Plugins.Kem.Client;

/// <summary>
/// Runs a verified launcher script in Jint with limits on time, memory, recursion and statements, and with
/// this API only: <c>params</c>, <c>tunnel.start(channel = 1)</c>, <c>log.info/warn/error</c>,
/// <c>process.launch(path, args)</c> (when <c>client.allowLaunch</c>) and <c>wait()</c>.
/// </summary>
public sealed class ScriptRuntime(ClientOptions options, ClientTunnel? tunnel, TextWriter log, TimeProvider time, ILogger logger)
{
    private readonly List<Process> _processes = [];

    /// <summary>Runs <paramref name="source"/> and then waits like <c>wait()</c>. Throws <see cref="LaunchException"/> when the script fails.</summary>
    public async Task RunAsync(string source, string paramsJson, CancellationToken cancellationToken)
    {
        var clock = new ScriptClock(TimeSpan.FromMilliseconds(options.ScriptTimeoutMs), time);
        using var engine = new Engine(o => o
            .Strict()
            .LimitMemory(options.ScriptMemoryBytes)
            .LimitRecursion(options.ScriptRecursionLimit)
            .MaxStatements(options.ScriptMaxStatements)
            .CancellationToken(cancellationToken)
            .Constraint(clock));
        Install(engine, clock, paramsJson, cancellationToken);
        try
        {
            // Jint runs synchronously; the script's own thread keeps tunnels and sockets off the caller's.
            await Task.Factory.StartNew(() => engine.Execute(source), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JavaScriptException or TimeoutException or MemoryLimitExceededException or RecursionDepthOverflowException
            or StatementsCountOverflowException or ScriptRefusedException or LaunchException or Acornima.ParseErrorException or InvalidOperationException)
        {
            throw e as LaunchException ?? new LaunchException($"the script failed: {e.Message}", LaunchException.ScriptFailed, e);
        }
        await WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Install(Engine engine, ScriptClock clock, string paramsJson, CancellationToken cancellationToken)
    {
        engine.SetValue("params", new JsonParser(engine).Parse(paramsJson));

        var logObject = new JsObject(engine);
        logObject.Set("info", Function(engine, new Action<string>(text => Log("info", text))));
        logObject.Set("warn", Function(engine, new Action<string>(text => Log("warn", text))));
        logObject.Set("error", Function(engine, new Action<string>(text => Log("error", text))));
        engine.SetValue("log", logObject);

        var tunnelObject = new JsObject(engine);
        tunnelObject.Set("start", Function(engine, new Func<JsValue, int>(channel => StartTunnel(channel, cancellationToken))));
        engine.SetValue("tunnel", tunnelObject);

        var processObject = new JsObject(engine);
        processObject.Set("launch", Function(engine, new Action<string, JsValue>(Launch)));
        engine.SetValue("process", processObject);

        engine.SetValue("wait", new Action(() =>
        {
            clock.Pause();
            WaitAsync(cancellationToken).GetAwaiter().GetResult();
            clock.Resume();
        }));
    }

    private static JsValue Function(Engine engine, Delegate function) => JsValue.FromObject(engine, function);

    private void Log(string level, string text) => log.WriteLine($"[script] {level}: {text}");

    private int StartTunnel(JsValue channel, CancellationToken cancellationToken)
    {
        if (tunnel is null)
        {
            throw new ScriptRefusedException("tunnel.start: this ticket has no tunnel");
        }
        var number = channel.IsUndefined() ? 1 : channel.IsNumber() ? channel.AsNumber() : 0;
        if (number is < 1 or > ushort.MaxValue || number != Math.Floor(number))
        {
            throw new ScriptRefusedException($"tunnel.start: channel must be an integer from 1 to {ushort.MaxValue}");
        }
        return tunnel.StartChannelAsync((ushort)number, cancellationToken).GetAwaiter().GetResult();
    }

    private void Launch(string path, JsValue args)
    {
        if (!options.AllowLaunch)
        {
            throw new ScriptRefusedException("process.launch is refused: client.allowLaunch is not true in the kem entry of the config");
        }
        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        if (args is JsArray array)
        {
            foreach (var item in array)
            {
                start.ArgumentList.Add(item.ToString());
            }
        }
        logger.LogInformation("launching {Path}", path);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ScriptRefusedException($"process.launch: {path} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ScriptRefusedException($"process.launch: {path}: {e.Message}");
        }
        lock (_processes)
        {
            _processes.Add(process);
        }
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (tunnel is not null)
        {
            await tunnel.WaitIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        Process[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }
        foreach (var process in processes)
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{Path} exited with code {Code}", process.StartInfo.FileName, process.ExitCode);
        }
    }
}
