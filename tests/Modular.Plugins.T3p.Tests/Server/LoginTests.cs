using System.Diagnostics;
using Modular.Plugins.T3p.Tests.Support;
using Modular.Sdk.Noise;

namespace Modular.Plugins.T3p.Tests.Server;

/// <summary>Password logins: one error for unknown users and wrong passwords, unknown domains, slow-down, durability across a restart.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task Unknown_user_and_wrong_password_give_the_same_error_after_similar_work()
    {
        await using var bed = await T3pTestBed.StartAsync([("carol@example.org", "right", [], [])], argon2MemoryKiB: 8192);
        using var t3p = await bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        Task<StreamJsonRpc.RemoteRpcException> Attempt(string user) =>
            RpcAssert.FailsWith(T3pErrorCodes.AuthFailed, t3p.CallAsync("t3p.auth", new { user, domain = T3pTestBed.Domain, password = "wrong" }));
        await Attempt("carol");

        var wrong = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add((await TimeAsync(() => Attempt("carol"))).Elapsed);
            unknown.Add((await TimeAsync(() => Attempt("nobody"))).Elapsed);
        }

        Assert.Equal((await Attempt("carol")).Message, (await Attempt("nobody")).Message);
        // Both run one Argon2id at the same cost (the unknown user against a dummy hash); the machine is shared, so only a gross difference fails.
        var (wrongMedian, unknownMedian) = (wrong.Order().ElementAt(1), unknown.Order().ElementAt(1));
        Assert.True(unknownMedian > wrongMedian / 3 && wrongMedian > unknownMedian / 3, $"wrong password {wrongMedian}, unknown user {unknownMedian}");
        await RpcAssert.FailsWith(T3pErrorCodes.UnknownDomain, t3p.CallAsync("t3p.auth", new { user = "carol", domain = "elsewhere.org", password = "right" }));
    }

    [Fact]
    public async Task Repeated_failures_slow_the_next_attempt_down_exponentially()
    {
        await using var bed = await T3pTestBed.StartAsync([("dave@example.org", "right", [], [])], failureDelayMilliseconds: 150);
        using var t3p = await bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        for (var i = 0; i < 3; i++)
        {
            await RpcAssert.FailsWith(T3pErrorCodes.AuthFailed, t3p.CallAsync("t3p.auth", new { user = "dave", domain = T3pTestBed.Domain, password = "wrong" }));
        }

        var stopwatch = Stopwatch.StartNew();
        await t3p.CallAsync("t3p.auth", new { user = "dave", domain = T3pTestBed.Domain, password = "right" });

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(550), $"the fourth attempt took only {stopwatch.Elapsed}; 150 ms * 2^2 expected");
    }

    [Fact]
    public async Task Users_tickets_and_revocations_survive_a_restart()
    {
        await using var bed = await T3pTestBed.StartAsync([("erin@example.org", "pw", ["ops"], [])]);
        var serviceHex = Convert.ToHexStringLower(bed.ServiceKey.PublicKey.Span);
        var clientKey = NoiseKeyPair.Generate();
        string kept, revoked, session, signingKey;
        using (var t3p = await bed.LoginAsync(clientKey, "erin", "pw"))
        {
            signingKey = (await t3p.CallAsync("t3p.info")).GetProperty("signingKey").GetString()!;
            session = (await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" })).GetProperty("ticket").GetString()!;
            kept = (await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = serviceHex })).GetProperty("ticket").GetString()!;
            var toRevoke = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = serviceHex });
            revoked = toRevoke.GetProperty("ticket").GetString()!;
            await t3p.CallAsync("t3p.revoke", new { id = toRevoke.GetProperty("id").GetString() });
        }

        await bed.RestartT3pAsync();

        using var service = await bed.ConnectT3pAsync(bed.ServiceKey);
        Assert.Equal(signingKey, (await service.CallAsync("t3p.info")).GetProperty("signingKey").GetString());
        Assert.True((await service.CallAsync("t3p.check", new { user = "erin@example.org", ticket = kept })).GetProperty("valid").GetBoolean());
        Assert.False((await service.CallAsync("t3p.check", new { user = "erin@example.org", ticket = revoked })).GetProperty("valid").GetBoolean());
        using var resumed = await bed.ConnectT3pAsync(clientKey);
        await resumed.CallAsync("t3p.auth", new { user = "erin", domain = T3pTestBed.Domain, sessionTicket = session });
        using var again = await bed.LoginAsync(NoiseKeyPair.Generate(), "erin", "pw");
    }

    private static async Task<(TimeSpan Elapsed, StreamJsonRpc.RemoteRpcException Error)> TimeAsync(Func<Task<StreamJsonRpc.RemoteRpcException>> call)
    {
        var stopwatch = Stopwatch.StartNew();
        var error = await call();
        return (stopwatch.Elapsed, error);
    }
}
