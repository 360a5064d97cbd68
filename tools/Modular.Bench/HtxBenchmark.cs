using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Htx.Protocol;
using Modular.Plugins.Htx.Server;
using Modular.Testing;
using NSec.Cryptography;

namespace Modular.Bench;

/// <summary>
/// htx: ticket verifications per second (valid tickets, each from a distinct client key) beside raw X25519
/// agreements per second with the same library (BouncyCastle); then requests per second through the front door
/// (ticketed, and unticketed to the decoy) beside the same local upstream reached directly.
/// </summary>
public sealed class HtxBenchmark : IBenchmark
{
    private const int Rounds = 5;
    private const int Tickets = 2000;
    private const int Concurrency = 8;
    private const int HttpRequests = 3000;

    public string Name => "htx";

    public string Description => "ticket verification vs raw X25519; requests/s through the HTX front door vs the upstream directly";

    public async Task RunAsync(string[] args)
    {
        MeasureCrypto();
        await MeasureHttpAsync();
    }

    private static void MeasureCrypto()
    {
        var serverKey = Curve25519Dh.GeneratePrivateKey();
        var key = new TicketKey(serverKey);
        var verifier = new TicketVerifier(new TicketKeyRing(key, []), PaddingRange.Default);
        CarrierPolicy.TryParse("query:1", out var policy, out _);
        var announcement = new TicketAnnouncement(policy, PaddingRange.Default, key.PublicKey, key.KeyId, "bn");
        var now = DateTimeOffset.UtcNow;
        var payloads = Enumerable.Range(0, Tickets).Select(_ => ClientTicket.Create(announcement, now)).ToArray();
        var clientKeys = payloads.Select(p => p.AsSpan(1, 32).ToArray()).ToArray();
        var shared = new byte[32];

        var (raw, verify) = MedianPair(
            () => Rate(Tickets, i => Curve25519Dh.TryAgree(serverKey, clientKeys[i], shared)),
            () => Rate(Tickets, i =>
            {
                if (verifier.Verify(payloads[i], now, out _) is { } failure)
                {
                    throw new InvalidOperationException(failure);
                }
            }));
        var (bouncy, sodium) = MedianPair(
            () => Rate(Tickets, i => Curve25519Dh.TryAgree(serverKey, clientKeys[i], shared)),
            () => SodiumAgreementsPerSecond(serverKey, clientKeys));
        Console.WriteLine($"X25519 agreements (BouncyCastle)    {raw,10:N0} /s   (median of {Rounds}, {Tickets} distinct client keys)");
        Console.WriteLine($"ticket verifications                 {verify,10:N0} /s   ratio {verify / raw:F2} (target >= 0.8)");
        Console.WriteLine($"X25519 agreements, NSec (libsodium) {sodium,10:N0} /s   ratio {sodium / bouncy:F2} to BouncyCastle measured beside it ({bouncy:N0} /s)");
    }

    /// <summary>The same agreements through NSec, importing each client key as a verifier has to.</summary>
    private static double SodiumAgreementsPerSecond(byte[] serverKey, byte[][] clientKeys)
    {
        var algorithm = KeyAgreementAlgorithm.X25519;
        using var key = Key.Import(algorithm, serverKey, KeyBlobFormat.RawPrivateKey);
        return Rate(clientKeys.Length, i =>
        {
            using var secret = algorithm.Agree(key, PublicKey.Import(algorithm, clientKeys[i], KeyBlobFormat.RawPublicKey));
        });
    }

    private static async Task MeasureHttpAsync()
    {
        await using var upstream = await StartUpstreamAsync();
        var directory = TestHost.CreateTempDirectory();
        var decoy = Directory.CreateDirectory(Path.Combine(directory, "decoy")).FullName;
        await File.WriteAllTextAsync(Path.Combine(decoy, "index.html"), "<h1>decoy</h1>");
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "htx",
            config = new { listen = "127.0.0.1:0", upstream = upstream.Url, decoy = "decoy", rateLimit = new { capacity = 1e9, refillPerSecond = 1e9 } },
        }), directory: directory);
        var front = host.Listeners.Get("htx", "front");
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = Concurrency });
        var header = (await client.GetAsync($"http://{front}/")).Headers.GetValues(CarrierNames.AnnouncementHeader).Single();
        TicketAnnouncement.TryParse(header, out var site);
        var now = DateTimeOffset.UtcNow;

        var (direct, ticketed) = MedianPair(
            () => RequestsPerSecond(client, _ => $"{upstream.Url}page"),
            () =>
            {
                var tickets = Enumerable.Range(0, HttpRequests).Select(_ => Base64Url.EncodeToString(ClientTicket.Create(site!, now))).ToArray();
                return RequestsPerSecond(client, i => $"http://{front}/page?bn1={tickets[i]}", expectUpstream: true);
            });
        var decoyRate = Median(() => RequestsPerSecond(client, _ => $"http://{front}/"));
        Console.WriteLine($"upstream directly                    {direct,10:N0} req/s (median of {Rounds}, {Concurrency} concurrent, keep-alive)");
        Console.WriteLine($"front door, ticketed -> upstream     {ticketed,10:N0} req/s ratio {ticketed / direct:F2}");
        Console.WriteLine($"front door, unticketed -> decoy      {decoyRate,10:N0} req/s ratio {decoyRate / direct:F2}");
    }

    private static double RequestsPerSecond(HttpClient client, Func<int, string> url, bool expectUpstream = false)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < HttpRequests)
            {
                using var response = await client.GetAsync(url(i));
                await response.Content.ReadAsByteArrayAsync();
                if (expectUpstream && response.Headers.Contains(CarrierNames.AnnouncementHeader))
                {
                    throw new InvalidOperationException("a ticketed request got the decoy");
                }
            }
        })).ToArray();
        Task.WaitAll(workers);
        return HttpRequests / watch.Elapsed.TotalSeconds;
    }

    private static double Rate(int count, Action<int> operation)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation(i);
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static double Median(Func<double> measure)
    {
        measure();
        var samples = Enumerable.Range(0, Rounds).Select(_ => measure()).Order().ToArray();
        return samples[Rounds / 2];
    }

    /// <summary>Medians of two measurements taken in alternation, so that both see the same background load.</summary>
    private static (double First, double Second) MedianPair(Func<double> first, Func<double> second)
    {
        first();
        second();
        var a = new double[Rounds];
        var b = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            a[i] = first();
            b[i] = second();
        }
        Array.Sort(a);
        Array.Sort(b);
        return (a[Rounds / 2], b[Rounds / 2]);
    }

    private static async Task<Upstream> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("upstream page"));
        await app.StartAsync();
        return new Upstream(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    private sealed record Upstream(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
