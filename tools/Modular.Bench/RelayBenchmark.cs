using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Protocol;
using Modular.Testing;

namespace Modular.Bench;

/// <summary>
/// The relay on loopback, each figure beside a baseline of the same run: (1) a file from send to receive
/// (SPAKE2, AES-GCM frames, hashing, disk) against the same file through two chained plain TCP relays;
/// (2) the relay's stapled pipe alone (no crypto) against the chained relays; (3) the process's memory with
/// 100 idle stapled channels and during 10 concurrent stapled transfers.
/// Usage: <c>relay [--size-mib N] [--runs N]</c> (default 1024 MiB, 3 runs after one untimed warm-up run; medians are printed).
/// </summary>
public sealed class RelayBenchmark : IBenchmark
{
    private const long WarmUpFileBytes = 32L * 1024 * 1024;
    private const int WarmJitMethods = 100;
    private const int MaxWarmUpTransfers = 12;

    public string Name => "relay";

    public string Description => "relay send/receive and stapled pipe vs two chained TCP relays; memory with idle channels and concurrent transfers";

    public async Task RunAsync(string[] args)
    {
        var sizeMib = BenchFigures.Option(args, "--size-mib", 1024);
        var runs = BenchFigures.Option(args, "--runs", 3);
        var size = sizeMib * 1024L * 1024L;
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(new { id = "relay", config = new { tcpListen = new[] { "127.0.0.1:0" } } }));
        var baseUri = new Uri($"http://{host.RpcUri.Authority}/");
        var relayPort = host.Listeners.Get("relay", "tcp0").Port;
        var work = TestHost.CreateTempDirectory();
        try
        {
            var file = Path.Combine(work, "payload.bin");
            await WriteRandomFileAsync(file, size);
            Console.WriteLine($"relay benchmark: {sizeMib} MiB, {runs} run(s), loopback, {Environment.ProcessorCount} cores (other work on the machine skews figures)");

            // The JIT first: send -> receive runs a few hundred methods a handful of times per transfer, and the
            // runtime recompiles them at a higher tier only after several transfers, on a background thread that
            // would otherwise share the two cores with the timed ones. Small files reach that point quickly.
            var warmFile = Path.Combine(work, "warm.bin");
            await WriteRandomFileAsync(warmFile, Math.Min(size, WarmUpFileBytes));
            var warmUps = await JitSettling.WarmUpAsync(async () =>
            {
                await SendReceiveAsync(baseUri, warmFile, Path.Combine(work, "warm"));
                Directory.Delete(Path.Combine(work, "warm"), recursive: true);
            }, WarmJitMethods, MaxWarmUpTransfers);
            Console.WriteLine($"  warm-up: {warmUps} send -> receive of {Math.Min(size, WarmUpFileBytes) / 1048576} MiB, until one made the JIT compile at most {WarmJitMethods} methods");

            await using var chain = new RelayBaselineChain();
            var chainFile = new List<double>();
            var sendReceive = new List<double>();
            var chainMemory = new List<double>();
            var stapled = new List<double>();
            // One untimed run of everything first: the first run pays for the JIT, pool growth and TCP window
            // tuning, on both sides of each comparison, and says nothing about steady throughput.
            for (var run = -1; run < runs; run++)
            {
                if (run < 0)
                {
                    await chain.CopyFileAsync(file, Path.Combine(work, "chain.out"));
                    File.Delete(Path.Combine(work, "chain.out"));
                    await SendReceiveAsync(baseUri, file, Path.Combine(work, "warm"));
                    Directory.Delete(Path.Combine(work, "warm"), recursive: true);
                    await chain.CopyMemoryAsync(size);
                    await StapledCopyAsync(baseUri, relayPort, size);
                    continue;
                }
                await JitSettling.WaitForQuietAsync();
                chainFile.Add(await TimeAsync(() => chain.CopyFileAsync(file, Path.Combine(work, "chain.out"))));
                File.Delete(Path.Combine(work, "chain.out"));
                sendReceive.Add(await TimeAsync(() => SendReceiveAsync(baseUri, file, Path.Combine(work, $"out{run}"))));
                Directory.Delete(Path.Combine(work, $"out{run}"), recursive: true);
                chainMemory.Add(await TimeAsync(() => chain.CopyMemoryAsync(size)));
                stapled.Add(await TimeAsync(() => StapledCopyAsync(baseUri, relayPort, size)));
            }
            Report("file, two chained plain TCP relays (baseline)", size, chainFile);
            Report("file, relay send -> receive", size, sendReceive);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio send/receive vs chained relays: {BenchFigures.Median(chainFile) / BenchFigures.Median(sendReceive):0.00} (target >= 0.5)"));
            Report("memory, two chained plain TCP relays (baseline)", size, chainMemory);
            Report("memory, relay stapled pipe", size, stapled);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio stapled pipe vs chained relays: {BenchFigures.Median(chainMemory) / BenchFigures.Median(stapled):0.00} (target >= 1.0)"));

            await MemoryAsync(baseUri, relayPort, Math.Min(size, 64L * 1024 * 1024));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task SendReceiveAsync(Uri relay, string file, string output)
    {
        var config = new RelayClientConfig { PollMilliseconds = 20 };
        using var sender = new RelayClient(new RelayClientSettings(relay, config));
        using var recipient = new RelayClient(new RelayClientSettings(relay, config));
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var send = sender.SendAsync([file], null, code.SetResult);
        await Task.WhenAny(code.Task, send).ConfigureAwait(false);
        var receive = recipient.ReceiveAsync(await code.Task.ConfigureAwait(false), output, overwrite: false);
        await Task.WhenAll(send, receive).ConfigureAwait(false);
    }

    /// <summary>Two raw sockets stapled by the relay: the sender side writes <paramref name="size"/> bytes, the other reads them.</summary>
    private static async Task StapledCopyAsync(Uri relay, int port, long size)
    {
        var (a, b) = await StapleAsync(relay, port).ConfigureAwait(false);
        using (a)
        using (b)
        {
            var write = WriteZerosAsync(a, size);
            var read = DrainAsync(b);
            await write.ConfigureAwait(false);
            a.Shutdown(SocketShutdown.Send);
            var got = await read.ConfigureAwait(false);
            if (got != size)
            {
                throw new InvalidOperationException($"stapled pipe delivered {got} of {size} bytes");
            }
        }
    }

    private static async Task MemoryAsync(Uri relay, int port, long transferSize)
    {
        var before = Snapshot();
        var idle = new List<Socket>();
        for (var i = 0; i < 100; i++)
        {
            var (a, b) = await StapleAsync(relay, port).ConfigureAwait(false);
            idle.Add(a);
            idle.Add(b);
        }
        var withIdle = Snapshot();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: 100 idle stapled channels: managed +{(withIdle.Managed - before.Managed) / 1024.0:0} KiB, working set +{(withIdle.WorkingSet - before.WorkingSet) / 1048576.0:0.0} MiB (process, includes the benchmark's own sockets)"));

        long peakWorkingSet = 0;
        long peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = Snapshot(collect: false);
                peakWorkingSet = Math.Max(peakWorkingSet, now.WorkingSet);
                peakManaged = Math.Max(peakManaged, now.Managed);
                await Task.Delay(20).ConfigureAwait(false);
            }
        });
        var each = transferSize;
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => StapledCopyAsync(relay, port, each))).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: 10 concurrent stapled transfers of {each / 1048576} MiB (on top of the idle ones): peak managed +{(peakManaged - withIdle.Managed) / 1048576.0:0.0} MiB, peak working set +{(peakWorkingSet - withIdle.WorkingSet) / 1048576.0:0.0} MiB"));
        foreach (var socket in idle)
        {
            socket.Dispose();
        }
    }

    private static async Task<(Socket Sender, Socket Recipient)> StapleAsync(Uri relay, int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri(relay, "relay/") };
        var sender = await PostAsync<JoinResponse>(http, "join", new JoinRequest("sender")).ConfigureAwait(false);
        var recipient = await PostAsync<JoinResponse>(http, "join", new JoinRequest("recipient", sender.Channel)).ConfigureAwait(false);
        var a = await IdentifyAsync(port, $"{sender.Channel} {sender.Uuid}\n").ConfigureAwait(false);
        var b = await IdentifyAsync(port, $"{sender.Channel} {recipient.Uuid}\n").ConfigureAwait(false);
        while (!(await PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid)).ConfigureAwait(false)).Stapled)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
        return (a, b);
    }

    private static async Task<T> PostAsync<T>(HttpClient http, string route, object body)
    {
        using var response = await http.PostAsJsonAsync(route, body, RelayJson.Options).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(RelayJson.Options).ConfigureAwait(false))!;
    }

    private static async Task<Socket> IdentifyAsync(int port, string line)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes(line)).ConfigureAwait(false);
        var answer = new byte[3];
        var got = 0;
        while (got < 3)
        {
            got += await socket.ReceiveAsync(answer.AsMemory(got)).ConfigureAwait(false);
        }
        return Encoding.ASCII.GetString(answer) == "ok\n" ? socket : throw new InvalidOperationException("relay refused the TCP connection");
    }

    internal static async Task WriteZerosAsync(Socket socket, long size)
    {
        var buffer = new byte[256 * 1024];
        for (var left = size; left > 0;)
        {
            var n = (int)Math.Min(buffer.Length, left);
            await socket.SendAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            left -= n;
        }
    }

    internal static async Task<long> DrainAsync(Socket socket)
    {
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static async Task WriteRandomFileAsync(string path, long size)
    {
        var block = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(block);
        await using var stream = File.Create(path);
        for (var left = size; left > 0; left -= block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left))).ConfigureAwait(false);
        }
    }

    private static (long Managed, long WorkingSet) Snapshot(bool collect = true)
    {
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(collect), process.WorkingSet64);
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }

    private static void Report(string what, long size, List<double> seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {BenchFigures.Median(seconds):0.000} s, {size / 1048576.0 / BenchFigures.Median(seconds):0} MiB/s (runs: {string.Join(", ", seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))})"));
}
