using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Modular.Sdk.Plugins;
using Modular.Testing;
using StreamJsonRpc;

namespace Modular.Bench;

/// <summary>
/// The proxy end to end on loopback: bulk throughput through server and client against two chained
/// plain relays and a direct connection; short HTTP connections per second and added time to first
/// byte against direct; memory per idle public connection that is still being sniffed.
/// </summary>
public sealed class ProxyBenchmark : IBenchmark
{
    private static readonly byte[] BulkHead = Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: bulk.example\r\n\r\n");
    private static readonly byte[] ShortRequest = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: web.example\r\nConnection: close\r\n\r\n");

    public string Name => "proxy";

    public string Description => "proxy throughput vs chained relays and direct, HTTP conn/s, added TTFB, memory per sniffing connection [--mib 1024 --runs 3 --requests 2000 --concurrency 16 --idle 1000]";

    public async Task RunAsync(string[] args)
    {
        var mib = BenchFigures.Option(args, "--mib", 1024);
        var runs = BenchFigures.Option(args, "--runs", 3);
        var requests = BenchFigures.Option(args, "--requests", 2000);
        var concurrency = BenchFigures.Option(args, "--concurrency", 16);
        var idle = BenchFigures.Option(args, "--idle", 1000);

        await using var sink = ProxyBenchService.Sink();
        await using var web = ProxyBenchService.Http();
        await using var relayTwo = new PlainTcpRelay(sink.EndPoint);
        await using var relayOne = new PlainTcpRelay(relayTwo.EndPoint);
        await using var server = await TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "proxy",
            config = new { httpListen = "127.0.0.1:0", tlsListen = "127.0.0.1:0", dataListen = "127.0.0.1:0", sniffTimeoutMs = 120000, maxPendingPerHost = 4096 },
        }));
        var http = server.Listeners.Get("proxy", "http");
        using var admin = await server.ConnectAsync(admin: true);
        var bulkSecret = await RegisterAsync(admin, "bulk.example");
        var webSecret = await RegisterAsync(admin, "web.example");
        await using var bulkClient = await StartClientAsync(server.RpcUri, "bulk.example", bulkSecret, http.Port, sink.EndPoint);
        await using var webClient = await StartClientAsync(server.RpcUri, "web.example", webSecret, http.Port, web.EndPoint);
        await WaitForSubscribersAsync(admin, 2);

        Console.WriteLine($"proxy benchmark on loopback; {Environment.ProcessorCount} cores; other processes may share them (compare ratios, not absolutes)");
        Console.WriteLine();
        Console.WriteLine($"bulk transfer of {mib} MiB, median of {runs} runs:");
        var bytes = (long)mib << 20;
        var direct = await MedianAsync(runs, () => TransferAsync(sink.EndPoint, bytes));
        var relays = await MedianAsync(runs, () => TransferAsync(relayOne.EndPoint, bytes));
        var proxy = await MedianAsync(runs, () => TransferAsync(http, bytes));
        Console.WriteLine($"  direct                  {Rate(bytes, direct)}");
        Console.WriteLine($"  two chained TCP relays  {Rate(bytes, relays)}");
        Console.WriteLine($"  proxy server + client   {Rate(bytes, proxy)}   = {relays / proxy:F2}x the chained relays, {direct / proxy:F2}x direct");

        Console.WriteLine();
        Console.WriteLine($"short HTTP requests, {requests} connections, {concurrency} at a time:");
        var (directRate, directTtfb) = await ShortRequestsAsync(web.EndPoint, requests, concurrency);
        var (proxyRate, proxyTtfb) = await ShortRequestsAsync(http, requests, concurrency);
        Console.WriteLine($"  direct   {directRate,8:F0} conn/s   TTFB p50 {Percentile(directTtfb, 0.50),7:F3} ms   p99 {Percentile(directTtfb, 0.99),7:F3} ms");
        Console.WriteLine($"  proxy    {proxyRate,8:F0} conn/s   TTFB p50 {Percentile(proxyTtfb, 0.50),7:F3} ms   p99 {Percentile(proxyTtfb, 0.99),7:F3} ms   ({proxyRate / directRate:F2}x direct's rate)");
        Console.WriteLine($"  added TTFB: p50 {Percentile(proxyTtfb, 0.50) - Percentile(directTtfb, 0.50):F3} ms, p99 {Percentile(proxyTtfb, 0.99) - Percentile(directTtfb, 0.99):F3} ms");

        Console.WriteLine();
        var (managed, resident) = await IdleSniffingMemoryAsync(http, idle);
        Console.WriteLine($"memory per idle public connection waiting on sniffing ({idle} connections, half a request head each):");
        Console.WriteLine($"  managed heap {managed:F0} B, resident set {resident:F0} B (both ends are in this process: includes the client socket)");
    }

    private static async Task<string> RegisterAsync(JsonRpc admin, string host)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        await admin.InvokeWithParameterObjectAsync("proxy.register", new { host, secretHash = Convert.ToHexStringLower(SHA256.HashData(secret)) });
        return Convert.ToHexStringLower(secret);
    }

    private static Task<TestHost> StartClientAsync(Uri server, string host, string secret, int publicPort, IPEndPoint local) =>
        TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "proxy",
            config = new
            {
                server = server.ToString(),
                proxies = new[] { new { host, secret } },
                portMap = new Dictionary<string, string> { [publicPort.ToString(CultureInfo.InvariantCulture)] = local.ToString() },
            },
        }), PluginRoles.Client);

    private static async Task WaitForSubscribersAsync(JsonRpc admin, int hosts)
    {
        for (var i = 0; i < 500; i++)
        {
            var rows = await admin.InvokeWithParameterObjectAsync<System.Text.Json.JsonElement>("proxy.list", new { });
            if (rows.EnumerateArray().Count(r => r.GetProperty("subscribers").GetInt32() > 0) == hosts)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("the benchmark clients did not subscribe");
    }

    private static async Task<double> MedianAsync(int runs, Func<Task<double>> run)
    {
        var results = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await run());
        }
        results.Sort();
        return results[results.Count / 2];
    }

    /// <summary>Seconds to push <paramref name="bytes"/> (after an HTTP head) and see the far end close in turn.</summary>
    private static async Task<double> TransferAsync(IPEndPoint target, long bytes)
    {
        var chunk = RandomNumberGenerator.GetBytes(256 * 1024);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var watch = Stopwatch.StartNew();
        await socket.ConnectAsync(target);
        await socket.SendAsync(BulkHead);
        for (var sent = 0L; sent < bytes; sent += chunk.Length)
        {
            await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)));
        }
        socket.Shutdown(SocketShutdown.Send);
        if (await socket.ReceiveAsync(new byte[1]) != 0)
        {
            throw new InvalidOperationException("the sink answered");
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static string Rate(long bytes, double seconds) =>
        $"{bytes / seconds / (1 << 20),8:F0} MiB/s ({seconds:F2} s)";

    /// <summary>Connections per second and each connection's time to first byte, in milliseconds.</summary>
    private static async Task<(double Rate, List<double> Ttfb)> ShortRequestsAsync(IPEndPoint target, int requests, int concurrency)
    {
        var ttfb = new List<double>(requests);
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (Interlocked.Increment(ref next) <= requests)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                var started = Stopwatch.GetTimestamp();
                await socket.ConnectAsync(target);
                await socket.SendAsync(ShortRequest);
                var first = await socket.ReceiveAsync(buffer);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (first == 0)
                {
                    throw new InvalidOperationException("closed without an answer");
                }
                while (await socket.ReceiveAsync(buffer) > 0)
                {
                    // The rest of the response, until the server closes.
                }
                lock (ttfb)
                {
                    ttfb.Add(elapsed);
                }
            }
        })));
        return (requests / watch.Elapsed.TotalSeconds, ttfb);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    /// <summary>Managed and resident bytes per connection parked in sniffing, from before/after snapshots.</summary>
    private static async Task<(double Managed, double Resident)> IdleSniffingMemoryAsync(IPEndPoint target, int count)
    {
        var (managedBefore, residentBefore) = Snapshot();
        var sockets = new List<Socket>(count);
        var partial = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: web.exa");
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(target);
            await socket.SendAsync(partial);
            sockets.Add(socket);
        }
        await Task.Delay(1000);
        var (managedAfter, residentAfter) = Snapshot();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
        return ((managedAfter - managedBefore) / (double)count, (residentAfter - residentBefore) / (double)count);
    }

    private static (long Managed, long Resident) Snapshot()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
