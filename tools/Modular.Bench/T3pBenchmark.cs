using System.Diagnostics;
using System.Net;
using Modular.Plugins.T3p.Configuration;
using Modular.Plugins.T3p.Passwords;
using Modular.Sdk.Noise;
using Modular.Sdk.T3p;
using Modular.Testing;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Modular.Bench;

/// <summary>
/// The T3P's costs beside their cryptographic floor, measured in one run: Noise XK handshakes plus one
/// RPC over TCP against raw X25519 agreements (XK costs three agreements per side), offline ticket checks
/// against raw Ed25519 verifications, and the Argon2id time of one login at the default cost.
/// </summary>
public sealed class T3pBenchmark : IBenchmark
{
    private const int Rounds = 5;

    public string Name => "t3p";

    public string Description => "Noise XK handshake+RPC/s vs X25519/s; offline ticket checks/s vs Ed25519 verifies/s; Argon2id per login";

    public async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], out var s) ? s : 1.0;
        var round = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"t3p benchmark: {Rounds} rounds of {round.TotalSeconds:0.#} s each, medians (single client, sequential)");

        await using var host = await TestHost.StartAsync(new { rpc = new { noiseListen = "127.0.0.1:0" }, state = new { provider = "memory" }, plugins = Array.Empty<object>() });
        var address = host.Listeners.Get("host", "noise").ToString();
        var serverKey = NoiseKeyFile.Read(Path.Combine(host.DataDirectory, "noise.key")).PublicKey;
        var clientKey = NoiseKeyPair.Generate();
        var handshakes = await MedianRateAsync(round, async () =>
        {
            using var rpc = await NoiseRpcClient.ConnectAsync(address, serverKey, clientKey);
            await rpc.InvokeWithParameterObjectAsync<string>("host.ping");
        });
        var peer = NoiseKeyPair.Generate().PublicKey.ToArray();
        var secret = NoiseKeyPair.Generate().PrivateKey.ToArray();
        var shared = new byte[32];
        var agreements = await MedianRateAsync(round, () =>
        {
            X25519.CalculateAgreement(secret, 0, peer, 0, shared, 0);
            return Task.CompletedTask;
        });
        Report("Noise XK handshake + host.ping over TCP", handshakes, "X25519 agreements", agreements,
            "ideal ~1/3 per side; client and server share this process, so ~1/6 to 1/8 here");

        var signingSecret = new byte[32];
        Random.Shared.NextBytes(signingSecret);
        var signingPublic = PasetoV4Public.PublicKeyOf(signingSecret);
        var now = DateTimeOffset.UtcNow;
        var claims = new T3pTicketClaims
        {
            Jti = "0123456789abcdef0123456789abcdef", Kind = T3pTicketClaims.ServiceKind, Sub = "alice@example.org", Dom = "example.org",
            Iat = now, Nbf = now, Exp = now.AddHours(1), Vchk = 300, Rol = ["ops"], Cpk = Convert.ToHexStringLower(clientKey.PublicKey.Span),
            Spk = Convert.ToHexStringLower(serverKey.Span),
        };
        var ticket = T3pTicketCodec.Issue(claims, signingSecret);
        var checks = await MedianRateAsync(round, () =>
        {
            var read = T3pTicketCodec.Read(ticket, signingPublic)!;
            _ = T3pTicketChecks.Time(read, now) ?? T3pTicketChecks.Service(read, serverKey.Span) ?? T3pTicketChecks.Presenter(read, clientKey.PublicKey.Span, IPAddress.Loopback);
            return Task.CompletedTask;
        });
        var message = new byte[ticket.Length * 3 / 4];
        var signature = new byte[64];
        Ed25519.Sign(signingSecret, 0, message, 0, message.Length, signature, 0);
        var verifies = await MedianRateAsync(round, () =>
        {
            Ed25519.Verify(signature, 0, signingPublic, 0, message, 0, message.Length);
            return Task.CompletedTask;
        });
        Report("offline ticket checks (PASETO parse + verify + claims)", checks, "Ed25519 verifications", verifies, "ideal close to 1");

        var hasher = new Argon2PasswordHasher(T3pOptions.DefaultArgon2MemoryKiB, 2);
        var hash = hasher.Hash("correct horse battery staple");
        var times = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            hasher.Verify("correct horse battery staple", hash);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"Argon2id per login (m={T3pOptions.DefaultArgon2MemoryKiB} KiB, t=2, p=1): median {times[Rounds / 2]:0.0} ms (min {times[0]:0.0}, max {times[^1]:0.0})");
    }

    private static void Report(string what, double rate, string baselineName, double baseline, string note) =>
        Console.WriteLine($"{what}: {rate:0.0}/s; {baselineName}: {baseline:0.0}/s; ratio {rate / baseline:0.000} ({note})");

    /// <summary>Runs <paramref name="operation"/> back to back for <paramref name="round"/>, <see cref="Rounds"/> times, after a warm-up; the median rate.</summary>
    private static async Task<double> MedianRateAsync(TimeSpan round, Func<Task> operation)
    {
        for (var i = 0; i < 20; i++)
        {
            await operation();
        }
        var rates = new List<double>();
        for (var r = 0; r < Rounds; r++)
        {
            var count = 0;
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < round)
            {
                await operation();
                count++;
            }
            rates.Add(count / stopwatch.Elapsed.TotalSeconds);
        }
        rates.Sort();
        return rates[Rounds / 2];
    }
}
