using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Modular.Testing;

namespace Modular.Bench;

/// <summary>
/// Issue 2's figures: host.ping calls per second over one WebSocket, sequential and with 64 in flight,
/// beside a bare WebSocket echo on Kestrel in the same process and run; then cold start and idle
/// memory of `modular serve` with every plugin of plugins.json enabled.
/// </summary>
public sealed class HostBenchmark : IBenchmark
{
    private const int Pipeline = 64;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(3);
    private const int Rounds = 5;

    public string Name => "host";

    public string Description => "host.ping/s vs bare WebSocket echo (sequential, 64 in flight); cold start and idle RSS of modular serve";

    public async Task RunAsync(string[] args)
    {
        await using var host = await TestHost.StartAsync(new { state = new { provider = "memory" } });
        await using var echo = await StartEchoServerAsync();
        var echoUri = new Uri($"ws://{echo.Urls.Single()[7..]}/echo");

        Console.WriteLine($"Rounds of {Measure.TotalSeconds:0} s after {Warmup.TotalSeconds:0} s warm-up; median of {Rounds}.");
        foreach (var inFlight in new[] { 1, Pipeline })
        {
            var ping = new List<double>();
            var bare = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                ping.Add(await CallsPerSecondAsync(host.RpcUri, inFlight));
                bare.Add(await CallsPerSecondAsync(echoUri, inFlight));
            }
            var label = inFlight == 1 ? "sequential" : $"{inFlight} in flight";
            Console.WriteLine($"{label,-14} host.ping {BenchFigures.Median(ping),10:N0}/s   bare echo {BenchFigures.Median(bare),10:N0}/s   ratio {BenchFigures.Median(ping) / BenchFigures.Median(bare):0.00}");
        }

        var starts = new List<double>();
        var rss = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var (startSeconds, rssMegabytes) = await ColdStartAsync();
            starts.Add(startSeconds);
            rss.Add(rssMegabytes);
        }
        Console.WriteLine($"cold start (process start to listening, every plugin): median {BenchFigures.Median(starts):0.00} s (min {starts.Min():0.00}, max {starts.Max():0.00})");
        Console.WriteLine($"idle RSS 2 s after start: median {BenchFigures.Median(rss):0} MB (min {rss.Min():0}, max {rss.Max():0})");
    }

    /// <summary>Sends the same JSON-RPC request to either server, keeping <paramref name="inFlight"/> outstanding.</summary>
    private static async Task<double> CallsPerSecondAsync(Uri uri, int inFlight)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        var request = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"host.ping\"}");
        using var slots = new SemaphoreSlim(inFlight);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = false;
        long sent = 0;
        long received = 0;
        var receiver = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                if (result.EndOfMessage)
                {
                    var count = Interlocked.Increment(ref received);
                    slots.Release();
                    if (Volatile.Read(ref stopping) && count == Interlocked.Read(ref sent))
                    {
                        drained.TrySetResult();
                    }
                }
            }
        });
        var clock = Stopwatch.StartNew();
        long startCount = 0;
        var measuring = false;
        while (true)
        {
            await slots.WaitAsync();
            if (!measuring && clock.Elapsed >= Warmup)
            {
                measuring = true;
                startCount = Interlocked.Read(ref received);
                clock.Restart();
            }
            if (measuring && clock.Elapsed >= Measure)
            {
                var rate = (Interlocked.Read(ref received) - startCount) / clock.Elapsed.TotalSeconds;
                Volatile.Write(ref stopping, true);
                if (Interlocked.Read(ref received) == Interlocked.Read(ref sent))
                {
                    drained.TrySetResult();
                }
                await drained.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                await receiver.WaitAsync(TimeSpan.FromSeconds(10));
                return rate;
            }
            Interlocked.Increment(ref sent);
            await socket.SendAsync(request, WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }

    private static async Task<WebApplication> StartEchoServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", async (HttpContext http) =>
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                        return;
                    }
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Starts the built host on a copy of plugins.json beside it (so its relative paths hold), with rpc on
    /// port 0 and the data directory in a temp dir.
    /// </summary>
    private static async Task<(double StartSeconds, double RssMegabytes)> ColdStartAsync()
    {
        var directory = TestHost.CreateTempDirectory();
        var config = File.ReadAllText(Path.Combine(RepoPaths.Root, "plugins.json"))
            .Replace("\"127.0.0.1:9080\"", "\"127.0.0.1:0\"")
            .Replace("\"dataDir\": \"data\"", $"\"dataDir\": \"{directory}\"");
        var configPath = Path.Combine(RepoPaths.Root, $"plugins.bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(configPath, config);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modular.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        var listening = new TaskCompletionSource<TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("rpc listening on") == true)
            {
                listening.TrySetResult(clock.Elapsed);
            }
        };
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var elapsed = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var rss = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return (elapsed.TotalSeconds, kilobytes / 1024);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"modular serve did not start: {errors}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(configPath);
            Directory.Delete(directory, recursive: true);
        }
    }
}
