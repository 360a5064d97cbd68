using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.T3p.Tests.Support;
using Modular.Sdk.Noise;
using Modular.Sdk.Rpc;
using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tests.Server;

/// <summary>The seed's flow, steps 1 to 9, over real Noise sessions between a client, a T3P and a service host.</summary>
public sealed class SeedWalkthroughTests
{
    [Fact]
    public async Task Login_session_ticket_service_lookup_service_ticket_service_login_revoke_and_logout()
    {
        await using var bed = await T3pTestBed.StartAsync([("alice@example.org", "correct horse", ["admin", "ops"], ["staff"])],
            withService: true, argon2MemoryKiB: 19 * 1024);
        var clientKey = NoiseKeyPair.Generate();

        // 1. Noise session to the T3P, then auth with a password.
        using var t3p = await bed.ConnectT3pAsync(clientKey);
        var login = await t3p.CallAsync("t3p.auth", new { user = "alice", domain = T3pTestBed.Domain, password = "correct horse" });
        Assert.Equal("alice@example.org", login.GetProperty("user").GetString());

        // 2. A session ticket, pinned to the client's key.
        var session = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" });
        Assert.Equal(Convert.ToHexStringLower(clientKey.PublicKey.Span), session.GetProperty("claims").GetProperty("cpk").GetString());

        // 3. The service's key from the T3P.
        var servicePubkey = (await t3p.CallAsync("t3p.get", new { categ = "srv", @object = T3pTestBed.ServiceName, role = "info", prop = "pubkey" })).GetProperty("value").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(bed.ServiceKey.PublicKey.Span), servicePubkey);

        // 4. A Noise session to the service, authenticated by that key.
        using var service = await bed.ConnectServiceAsync(clientKey, Convert.FromHexString(servicePubkey));

        // 5. A service ticket; vchk 0 so that the service asks the T3P on every use.
        var serviceTicket = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = servicePubkey, vchkSeconds = 0 });
        var ticket = serviceTicket.GetProperty("ticket").GetString()!;
        var claims = serviceTicket.GetProperty("claims");
        Assert.Equal(session.GetProperty("id").GetString(), claims.GetProperty("par").GetString());
        Assert.Equal(["admin", "ops"], claims.GetProperty("rol").EnumerateArray().Select(r => r.GetString()));

        // 6 to 8a. The service checks the ticket (offline, then online with t3p.check) and admits alice with her roles.
        var admitted = await service.CallAsync("host.auth", new { user = "alice@example.org", ticket });
        Assert.Equal("alice@example.org", admitted.GetProperty("user").GetString());
        Assert.Contains("admin", admitted.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // 9. Done: revoke the service ticket and the session ticket; the service now refuses the ticket.
        await t3p.CallAsync("t3p.revoke", new { id = serviceTicket.GetProperty("id").GetString() });
        await t3p.CallAsync("t3p.revoke", new { id = session.GetProperty("id").GetString() });
        using var again = await bed.ConnectServiceAsync(clientKey, Convert.FromHexString(servicePubkey));
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, again.InvokeWithParameterObjectAsync<JsonElement>("host.auth", new { user = "alice@example.org", ticket }));
        using var t3pAgain = await bed.ConnectT3pAsync(clientKey);
        await RpcAssert.FailsWith(T3pErrorCodes.AuthFailed, t3pAgain.InvokeWithParameterObjectAsync<JsonElement>("t3p.auth",
            new { user = "alice", domain = T3pTestBed.Domain, sessionTicket = session.GetProperty("ticket").GetString() }));
    }

    [Fact]
    public async Task An_issued_ticket_passes_an_independent_PASETO_v4_check()
    {
        await using var bed = await T3pTestBed.StartAsync([("bob@example.org", "pw", ["ops"], [])]);
        using var t3p = await bed.LoginAsync(NoiseKeyPair.Generate(), "bob", "pw");
        var info = await t3p.CallAsync("t3p.info", new { });
        var signingKey = Convert.FromHexString(info.GetProperty("signingKey").GetString()!);

        var issued = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session", lifetime = new object[] { new { @for = 600 } }, renew = new { @for = 3600 } });
        var (payload, footer) = IndependentPasetoCheck.Verify(issued.GetProperty("ticket").GetString()!, signingKey);

        using var claims = JsonDocument.Parse(payload);
        Assert.Equal("bob@example.org", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("example.org", claims.RootElement.GetProperty("dom").GetString());
        Assert.Equal("session", claims.RootElement.GetProperty("kind").GetString());
        var iat = claims.RootElement.GetProperty("iat").GetDateTimeOffset();
        Assert.Equal(iat.AddSeconds(600), claims.RootElement.GetProperty("exp").GetDateTimeOffset());
        Assert.Equal(iat.AddSeconds(3600), claims.RootElement.GetProperty("rnw").GetDateTimeOffset());
        Assert.Equal(300, claims.RootElement.GetProperty("vchk").GetInt32());
        using var footerJson = JsonDocument.Parse(footer);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signingKey)[..8]), footerJson.RootElement.GetProperty("kid").GetString());
        Assert.Equal(T3pTicketCodec.KeyId(signingKey), footerJson.RootElement.GetProperty("kid").GetString());
    }
}
