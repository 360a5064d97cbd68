using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Modular.Plugins.Kem.Client;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;
using Modular.Testing;

namespace Modular.Bench;

/// <summary>
/// kem: broker tickets served per second over HTTP beside raw ML-KEM-768 encapsulation plus envelope
/// sealing per second; then tunnel throughput (client, tunnel server, sink) beside a plain TCP relay.
/// Arguments: [tunnel MiB, default 1024] [tickets per round, default 10000]. A round of 10000 tickets lasts
/// about a second on two cores; rounds of 2000 (a fifth of that) swung by a tenth from one to the next.
/// </summary>
public sealed class KemBenchmark : IBenchmark
{
    private const string TunnelToken = "bench-tunnel-token-0123456789";
    private const int Rounds = 5;

    /// <summary>Requests in flight against the broker: enough to keep both sides busy while each waits on the other.</summary>
    private const int Clients = 16;

    /// <summary>
    /// Untimed rounds come first until one makes the JIT compile no more than <see cref="WarmJitMethods"/>
    /// methods: the runtime recompiles the hot HTTP path (Kestrel, sockets, JSON, the plugin's own
    /// copy of BouncyCastle) at higher tiers over its first few thousand requests, a one-off cost of a fresh
    /// process that would otherwise fill the first rounds. Both measurements get the same warm-up.
    /// </summary>
    private const int WarmJitMethods = 200;
    private const int MaxWarmUpRounds = 5;

    /// <summary>The untimed tunnel round: some 16000 packets, enough for the JIT's tiers.</summary>
    private const long WarmUpBytes = 64L * 1024 * 1024;

    private static readonly BouncyCastleMlKem768 Kem = new();

    public string Name => "kem";

    public string Description => "tickets/s over HTTP vs raw ML-KEM+envelope/s; tunnel MiB/s vs plain TCP relay ([MiB=1024] [tickets=10000])";

    public async Task RunAsync(string[] args)
    {
        var mebibytes = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        var tickets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10000;
        var parallelism = Environment.ProcessorCount;

        var scripts = Directory.CreateTempSubdirectory("kem-bench-").FullName;
        var dsa = new BouncyCastleMlDsa65();
        var signingKey = dsa.GenerateKeyPair();
        var source = "const port = tunnel.start(1); wait();"u8.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(scripts, "bench.js"), source);
        await File.WriteAllTextAsync(Path.Combine(scripts, "bench.js.mldsa65.sig"), Convert.ToBase64String(dsa.Sign(signingKey.PrivateKey, source)));
        await using var broker = await TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "kem",
            config = new { broker = new { scriptsDir = scripts, tunnelTokens = new[] { TunnelToken }, maxTicketTtlSeconds = 86400 } },
        }));
        var brokerUri = new Uri($"http://{broker.Listeners.Rpc}/kem");
        await using var tunnelHost = await TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "kem",
            config = new { tunnel = new { listen = "127.0.0.1:0", broker = brokerUri.ToString(), token = TunnelToken } },
        }));

        Console.WriteLine($"kem benchmark: {tickets} tickets x {Rounds} rounds ({Clients} HTTP requests in flight, raw on {parallelism} threads); tunnel {mebibytes} MiB x {Rounds}");
        using var load = KemLoadProcess.Start(broker.Listeners.Rpc!, Clients);
        var warmUpRounds = await JitSettling.WarmUpAsync(async () =>
        {
            await TicketsOverHttpAsync(broker, brokerUri, tickets, load);
            RawEncapsulationAndEnvelope(tickets, parallelism, source.Length);
        }, WarmJitMethods, MaxWarmUpRounds);
        Console.WriteLine($"  warm-up: {warmUpRounds} untimed round(s) of both, until a round made the JIT compile at most {WarmJitMethods} methods");
        var http = new List<KemBenchRound>();
        var raw = new List<KemBenchRound>();
        for (var round = 0; round < Rounds; round++)
        {
            http.Add(await TicketsOverHttpAsync(broker, brokerUri, tickets, load));
            raw.Add(RawEncapsulationAndEnvelope(tickets, parallelism, source.Length));
        }
        Report("tickets/s over HTTP", http.Select(r => r.PerSecond).ToList(), "raw encapsulate+seal/s", raw.Select(r => r.PerSecond).ToList(), "tickets/s");
        Console.WriteLine($"  CPU per ticket (medians): broker {CpuMicroseconds(http, r => r.CpuSeconds):0} us + load generator {CpuMicroseconds(http, r => r.LoadGeneratorCpuSeconds):0} us over HTTP; raw {CpuMicroseconds(raw, r => r.CpuSeconds):0} us");

        var (sinkEndPoint, sink) = StartSink();
        var bytes = mebibytes * 1024 * 1024;
        var tunnel = new List<double>();
        var plain = new List<double>();
        // One untimed round of both first, as the relay benchmark warms up before it times: the first transfers run
        // the tunnel's and the relay's paths before the JIT has recompiled them at their final tier.
        await ThroughTunnelAsync(broker, brokerUri, tunnelHost.Listeners.Get("kem", "tunnel"), sinkEndPoint, sink, Math.Min(bytes, WarmUpBytes));
        await ThroughPlainRelayAsync(sinkEndPoint, sink, Math.Min(bytes, WarmUpBytes));
        for (var round = 0; round < Rounds; round++)
        {
            await JitSettling.WaitForQuietAsync();
            tunnel.Add(await ThroughTunnelAsync(broker, brokerUri, tunnelHost.Listeners.Get("kem", "tunnel"), sinkEndPoint, sink, bytes));
            await JitSettling.WaitForQuietAsync();
            plain.Add(await ThroughPlainRelayAsync(sinkEndPoint, sink, bytes));
        }
        Report("tunnel MiB/s", tunnel, "plain TCP relay MiB/s", plain, "MiB/s");
        Directory.Delete(scripts, recursive: true);
    }

    private static double CpuMicroseconds(List<KemBenchRound> rounds, Func<KemBenchRound, double> cpuSeconds) =>
        BenchFigures.Median(rounds.Select(r => cpuSeconds(r) * 1e6 / r.Tickets));

    private static void Report(string name, List<double> measured, string baselineName, List<double> baseline, string unit)
    {
        var m = BenchFigures.Median(measured);
        var b = BenchFigures.Median(baseline);
        Console.WriteLine($"  {name,-24} median {m,10:0.0} {unit}   (rounds: {string.Join(", ", measured.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"  {baselineName,-24} median {b,10:0.0} {unit}   (rounds: {string.Join(", ", baseline.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"  ratio {m / b:0.00} (target >= 0.5)");
    }

    /// <summary>
    /// Serves <paramref name="count"/> fresh tickets over HTTP to the load generator (<see cref="KemLoadGenerator"/>).
    /// Each request (a fresh ML-KEM key per ticket) is prepared before the clock starts, and each reply is checked
    /// for 200 and read to its end, not parsed; the broker tests check what the replies hold.
    /// </summary>
    private static async Task<KemBenchRound> TicketsOverHttpAsync(TestHost broker, Uri brokerUri, int count, KemLoadProcess load)
    {
        var work = new List<byte[]>(count);
        using (var rpc = await broker.ConnectAsync(admin: true))
        {
            for (var i = 0; i < count; i++)
            {
                var created = await rpc.InvokeWithParameterObjectAsync<JsonElement>("kem.createTicket", new { script = "bench", @params = new { i }, ttlSeconds = 3600 });
                var request = new ClientTicketRequest(created.GetProperty("scrambler").GetString()!, Convert.ToBase64String(Kem.GenerateKeyPair().PublicKey), "bench", KemProtocol.ClientVersion);
                var uri = new Uri($"{brokerUri}/client/{created.GetProperty("ticket").GetString()}/ticket");
                work.Add(KemBenchHttpConnection.Post(uri, JsonSerializer.SerializeToUtf8Bytes(request, KemJson.Options)));
            }
        }
        await JitSettling.WaitForQuietAsync();
        return await load.RunAsync(work);
    }

    /// <summary>
    /// What the broker does for each ticket, with the same library calls, minus HTTP and the state store:
    /// encapsulate to a fresh key, write the launch ticket (the script's tokens made once, as the broker's
    /// catalog does), seal it, and write the <c>{"result": envelope}</c> reply.
    /// </summary>
    private static KemBenchRound RawEncapsulationAndEnvelope(int count, int parallelism, int scriptLength)
    {
        var keys = Enumerable.Range(0, count).Select(_ => Kem.GenerateKeyPair().PublicKey).ToArray();
        var scriptToken = KemJsonBase64.ToStringToken(new byte[scriptLength]);
        var signatureToken = KemJsonBase64.ToStringToken(new byte[BouncyCastleMlDsa65.SignatureLength]);
        var parameters = JsonSerializer.SerializeToElement(new { i = 1 });
        JitSettling.WaitForQuietAsync().GetAwaiter().GetResult();
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        // The launch ticket is sealed by the broker's own code; the reply goes to its pooled buffers too.
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            var envelope = LaunchTicketJson.Seal(Kem.Encapsulate(keys[i]), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", scriptToken, signatureToken, parameters, null);
            var reply = JsonBuffers.Pool.Get();
            envelope.WriteReply(reply);
            JsonBuffers.Pool.Return(reply);
        });
        return new KemBenchRound(count, watch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, 0);
    }

    private static async Task<double> ThroughTunnelAsync(TestHost broker, Uri brokerUri, IPEndPoint tunnelServer, IPEndPoint sinkEndPoint, KemBenchmarkSink sink, long bytes)
    {
        string ticket, scrambler;
        using (var rpc = await broker.ConnectAsync(admin: true))
        {
            var created = await rpc.InvokeWithParameterObjectAsync<JsonElement>("kem.createTicket", new
            {
                script = "bench",
                tunnel = new
                {
                    server = new { host = tunnelServer.Address.ToString(), port = tunnelServer.Port },
                    remotes = new[] { new { host = sinkEndPoint.Address.ToString(), port = sinkEndPoint.Port } },
                },
            });
            (ticket, scrambler) = (created.GetProperty("ticket").GetString()!, created.GetProperty("scrambler").GetString()!);
        }
        using var http = new HttpClient();
        var (launch, secret) = await new TicketRequester(http, Kem).RequestAsync(brokerUri, ticket, scrambler, CancellationToken.None);
        await using var tunnel = new ClientTunnel(launch.Tunnel!, secret, new ClientOptions(), TimeProvider.System, NullLogger.Instance);
        var port = await tunnel.StartChannelAsync(1, CancellationToken.None);
        var seconds = await SendAsync(new IPEndPoint(IPAddress.Loopback, port), sink, bytes);
        await tunnel.WaitIdleAsync();
        return bytes / 1048576.0 / seconds;
    }

    private static async Task<double> ThroughPlainRelayAsync(IPEndPoint sinkEndPoint, KemBenchmarkSink sink, long bytes)
    {
        await using var relay = new PlainTcpRelay(sinkEndPoint);
        return bytes / 1048576.0 / await SendAsync(relay.EndPoint, sink, bytes);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="target"/> and times until the sink has counted them all.</summary>
    private static async Task<double> SendAsync(IPEndPoint target, KemBenchmarkSink sink, long bytes)
    {
        var counted = sink.Next();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(target);
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        var watch = Stopwatch.StartNew();
        var stream = client.GetStream();
        for (var sent = 0L; sent < bytes; sent += block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, bytes - sent)));
        }
        client.Client.Shutdown(SocketShutdown.Send);
        var received = await counted.WaitAsync(TimeSpan.FromMinutes(10));
        var seconds = watch.Elapsed.TotalSeconds;
        if (received != bytes)
        {
            throw new InvalidOperationException($"the sink counted {received} bytes, not {bytes}");
        }
        await stream.CopyToAsync(Stream.Null);
        return seconds;
    }

    private static (IPEndPoint EndPoint, KemBenchmarkSink Sink) StartSink()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sink = new KemBenchmarkSink();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                var buffer = new byte[256 * 1024];
                long total = 0;
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0)
                {
                    total += read;
                }
                socket.Shutdown(SocketShutdown.Send);
                socket.Dispose();
                sink.Counted(total);
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint, sink);
    }
}
