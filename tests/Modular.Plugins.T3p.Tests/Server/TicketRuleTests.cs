using System.Text.Json;
using Modular.Plugins.T3p.Tests.Support;
using Modular.Sdk.Noise;
using Modular.Sdk.Rpc;
using Modular.Sdk.T3p;
using StreamJsonRpc;

namespace Modular.Plugins.T3p.Tests.Server;

/// <summary>Ticket lifetimes, renewal, revocation, forgery, pinning, derivation and the ACL, against a T3P on a fake clock.</summary>
public sealed class TicketRuleTests(T3pFixture fixture) : IClassFixture<T3pFixture>
{
    private T3pTestBed Bed => fixture.Bed;

    private string ServiceHex => Convert.ToHexStringLower(Bed.ServiceKey.PublicKey.Span);

    [Fact]
    public async Task A_call_before_auth_is_refused_and_a_call_without_Noise_gets_transport_required()
    {
        using var t3p = await Bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        await RpcAssert.FailsWith(T3pErrorCodes.NotAuthenticated, t3p.CallAsync("t3p.acquireTicket", new { kind = "session" }));
        await RpcAssert.FailsWith(T3pErrorCodes.NotAuthenticated, t3p.CallAsync("t3p.revoke", new { id = "x" }));
        await RpcAssert.FailsWith(T3pErrorCodes.NotAuthenticated, t3p.CallAsync("t3p.get", new { categ = "user", @object = "bob@example.org", role = "info", prop = "groups" }));

        using var webSocket = await Bed.T3p.ConnectAsync();
        await RpcAssert.FailsWith(RpcErrorCodes.TransportRequired, webSocket.CallAsync("t3p.info"));
        await RpcAssert.FailsWith(RpcErrorCodes.TransportRequired, webSocket.CallAsync("t3p.auth", new { user = "alice", domain = T3pTestBed.Domain, password = T3pFixture.Password }));
    }

    [Fact]
    public async Task Expired_and_not_yet_valid_tickets_are_invalid_at_check()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        var now = fixture.Time.GetUtcNow().ToUnixTimeSeconds();
        var shortLived = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex, lifetime = new object[] { new { @for = 60 } } });
        var later = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex, lifetime = new object[] { new { after = now + 100 } } });

        Assert.True(await CheckAsync(service, "alice@example.org", shortLived));
        Assert.False(await CheckAsync(service, "alice@example.org", later));
        fixture.Time.Advance(TimeSpan.FromSeconds(101));
        Assert.False(await CheckAsync(service, "alice@example.org", shortLived));
        Assert.True(await CheckAsync(service, "alice@example.org", later));
    }

    [Fact]
    public async Task Renew_gives_a_new_ticket_within_the_limit_and_is_refused_past_it()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        var ticket = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session", lifetime = new object[] { new { @for = 60 } }, renew = new { @for = 100 } });
        var fixed_ = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" });

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var renewed = await t3p.CallAsync("t3p.renew", new { ticket = ticket.GetProperty("ticket").GetString() });
        Assert.NotEqual(ticket.GetProperty("id").GetString(), renewed.GetProperty("id").GetString());
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeSeconds(), renewed.GetProperty("claims").GetProperty("iat").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeSeconds() + 60, renewed.GetProperty("claims").GetProperty("exp").GetDateTimeOffset().ToUnixTimeSeconds());

        fixture.Time.Advance(TimeSpan.FromSeconds(71));
        await RpcAssert.FailsWith(T3pErrorCodes.RenewRefused, t3p.CallAsync("t3p.renew", new { ticket = renewed.GetProperty("ticket").GetString() }));
        await RpcAssert.FailsWith(T3pErrorCodes.RenewRefused, t3p.CallAsync("t3p.renew", new { ticket = fixed_.GetProperty("ticket").GetString() }));
        await RpcAssert.FailsWith(T3pErrorCodes.RenewRefused, t3p.CallAsync("t3p.renew", new { ticket = ticket.GetProperty("ticket").GetString() }));
    }

    [Fact]
    public async Task A_forged_ticket_is_invalid_everywhere()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        var issued = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });
        var claims = issued.GetProperty("claims").Deserialize<T3pTicketClaims>()!;
        var token = issued.GetProperty("ticket").GetString()!;
        var payload = token.Split('.')[2];
        var tampered = $"v4.public.{payload[..10]}{(payload[10] == 'x' ? 'y' : 'x')}{payload[11..]}.{token.Split('.')[3]}";
        var otherSigner = T3pTicketCodec.Issue(claims, new byte[32]);

        Assert.False(await CheckAsync(service, "alice@example.org", tampered));
        Assert.False(await CheckAsync(service, "alice@example.org", otherSigner));
        Assert.False(await CheckAsync(service, "alice@example.org", "not a ticket"));
        await RpcAssert.FailsWith(T3pErrorCodes.InvalidTicket, t3p.CallAsync("t3p.renew", new { ticket = otherSigner }));
        Assert.True(await CheckAsync(service, "alice@example.org", token));
    }

    [Fact]
    public async Task A_service_ticket_shown_to_the_wrong_service_or_for_the_wrong_user_is_revoked_for_good()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        using var impostor = await Bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        var toWrongService = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });
        var toWrongUser = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });

        Assert.False(await CheckAsync(impostor, "alice@example.org", toWrongService));
        Assert.False(await CheckAsync(service, "alice@example.org", toWrongService));
        Assert.False(await CheckAsync(service, "bob@example.org", toWrongUser));
        Assert.False(await CheckAsync(service, "alice@example.org", toWrongUser));
    }

    [Fact]
    public async Task A_session_ticket_presented_to_a_service_for_checking_is_invalid()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        var session = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" });

        Assert.False(await CheckAsync(service, "alice@example.org", session));
    }

    [Fact]
    public async Task A_session_ticket_works_from_its_own_key_only()
    {
        var (clientKey, t3p) = await SessionAsync("bob");
        using var _t3p = t3p;
        var session = (await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" })).GetProperty("ticket").GetString();

        using var other = await Bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        await RpcAssert.FailsWith(T3pErrorCodes.AuthFailed, other.CallAsync("t3p.auth", new { user = "bob", domain = T3pTestBed.Domain, sessionTicket = session }));
        await RpcAssert.FailsWith(T3pErrorCodes.AuthFailed, other.CallAsync("t3p.auth", new { user = "alice", domain = T3pTestBed.Domain, sessionTicket = session }));

        using var same = await Bed.ConnectT3pAsync(clientKey);
        var resumed = await same.CallAsync("t3p.auth", new { user = "bob", domain = T3pTestBed.Domain, sessionTicket = session });
        Assert.Equal("bob@example.org", resumed.GetProperty("user").GetString());
    }

    [Fact]
    public async Task A_lifetime_beyond_the_parent_and_roles_or_flags_beyond_it_are_cut_to_the_parent()
    {
        var (clientKey, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        var session = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session", lifetime = new object[] { new { @for = 100 } }, roles = new[] { "ops" }, flags = new[] { "allow-derive" } });

        using var resumed = await Bed.ConnectT3pAsync(clientKey);
        await resumed.CallAsync("t3p.auth", new { user = "alice", domain = T3pTestBed.Domain, sessionTicket = session.GetProperty("ticket").GetString() });
        var child = await resumed.CallAsync("t3p.acquireTicket", new
        {
            kind = "service", service = ServiceHex,
            lifetime = new object[] { new { @for = 10_000 } },
            roles = new[] { "admin", "ops" },
            flags = new[] { "allow-derive", "allow-expand" },
        });

        var claims = child.GetProperty("claims");
        Assert.Equal(session.GetProperty("claims").GetProperty("exp").GetDateTimeOffset(), claims.GetProperty("exp").GetDateTimeOffset());
        Assert.Equal(["ops"], claims.GetProperty("rol").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["allow-derive"], claims.GetProperty("flg").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(session.GetProperty("id").GetString(), claims.GetProperty("par").GetString());
        await RpcAssert.FailsWith(RpcErrorCodes.InvalidParams, resumed.CallAsync("t3p.acquireTicket", new
        {
            kind = "service", service = ServiceHex, lifetime = new object[] { new { after = fixture.Time.GetUtcNow().ToUnixTimeSeconds() + 500 } },
        }));
    }

    [Fact]
    public async Task Derive_needs_allow_derive_and_a_delegation_to_the_caller()
    {
        var (_, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        var delegates = new[] { new { pubkey = ServiceHex, pinNet = new[] { new { af = "inet", addr = "127.0.0.0", prefixLen = 8 } } } };
        var noDerive = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex, delegates });
        var derivable = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex, delegates, flags = new[] { "allow-derive" }, roles = new[] { "ops" } });
        var otherService = Convert.ToHexStringLower(NoiseKeyPair.Generate().PublicKey.Span);

        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        await RpcAssert.FailsWith(T3pErrorCodes.Forbidden, service.CallAsync("t3p.derive", new { ticket = noDerive.GetProperty("ticket").GetString(), kind = "service", service = otherService }));
        using var stranger = await Bed.ConnectT3pAsync(NoiseKeyPair.Generate());
        await RpcAssert.FailsWith(T3pErrorCodes.Forbidden, stranger.CallAsync("t3p.derive", new { ticket = derivable.GetProperty("ticket").GetString(), kind = "service", service = otherService }));

        var derived = await service.CallAsync("t3p.derive", new { ticket = derivable.GetProperty("ticket").GetString(), kind = "service", service = otherService, roles = new[] { "ops", "admin" }, flags = new[] { "allow-derive" } });
        var claims = derived.GetProperty("claims");
        Assert.Equal("alice@example.org", claims.GetProperty("sub").GetString());
        Assert.Equal(otherService, claims.GetProperty("spk").GetString());
        Assert.Equal(ServiceHex, claims.GetProperty("cpk").GetString());
        Assert.Equal(derivable.GetProperty("id").GetString(), claims.GetProperty("par").GetString());
        Assert.Equal(["ops"], claims.GetProperty("rol").EnumerateArray().Select(r => r.GetString()));
        Assert.True(claims.GetProperty("exp").GetDateTimeOffset() <= derivable.GetProperty("claims").GetProperty("exp").GetDateTimeOffset());

        await t3p.CallAsync("t3p.revoke", new { id = derivable.GetProperty("id").GetString() });
        using var checker = await Bed.ConnectT3pAsync(NoiseKeyPair.FromPrivateKey(new byte[32]));
        Assert.False(await CheckAsync(checker, "alice@example.org", derived.GetProperty("ticket").GetString()!));
    }

    [Fact]
    public async Task Get_answers_what_the_ACL_allows_and_refuses_the_rest()
    {
        var (_, alice) = await SessionAsync("alice");
        using var _alice = alice;
        var (_, bob) = await SessionAsync("bob");
        using var _bob = bob;

        var groups = await alice.CallAsync("t3p.get", new { categ = "user", @object = "bob@example.org", role = "info", prop = "groups" });
        Assert.Equal(["dev"], groups.GetProperty("value").EnumerateArray().Select(g => g.GetString()));
        await RpcAssert.FailsWith(T3pErrorCodes.Forbidden, bob.CallAsync("t3p.get", new { categ = "user", @object = "alice@example.org", role = "info", prop = "groups" }));
        await RpcAssert.FailsWith(T3pErrorCodes.Forbidden, alice.CallAsync("t3p.get", new { categ = "user", @object = "bob@example.org", role = "info", prop = "roles" }));
        await RpcAssert.FailsWith(RpcErrorCodes.InvalidParams, bob.CallAsync("t3p.get", new { categ = "srv", @object = "nope", role = "info", prop = "pubkey" }));
    }

    [Fact]
    public async Task Tickets_of_a_password_login_without_session_ticket_die_with_the_connection_and_a_second_auth()
    {
        using var service = await Bed.ConnectT3pAsync(Bed.ServiceKey);
        var (_, t3p) = await SessionAsync("bob");
        var first = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });
        await t3p.CallAsync("t3p.auth", new { user = "bob", domain = T3pTestBed.Domain, password = T3pFixture.Password });
        var second = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });
        Assert.False(await CheckAsync(service, "bob@example.org", first));
        Assert.True(await CheckAsync(service, "bob@example.org", second));

        t3p.Dispose();

        using var deadline = new CancellationTokenSource(T3pTestBed.Timeout);
        while (await CheckAsync(service, "bob@example.org", second))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    [Fact]
    public async Task The_service_refuses_tickets_for_another_service_session_tickets_and_other_presenters()
    {
        var (clientKey, t3p) = await SessionAsync("alice");
        using var _t3p = t3p;
        var session = await t3p.CallAsync("t3p.acquireTicket", new { kind = "session" });
        var forOther = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = Convert.ToHexStringLower(NoiseKeyPair.Generate().PublicKey.Span) });
        var good = await t3p.CallAsync("t3p.acquireTicket", new { kind = "service", service = ServiceHex });

        using var fromClient = await Bed.ConnectServiceAsync(clientKey, Bed.ServiceKey.PublicKey);
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, fromClient.CallAsync("host.auth", new { user = "alice@example.org", ticket = forOther.GetProperty("ticket").GetString() }));
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, fromClient.CallAsync("host.auth", new { user = "alice@example.org", ticket = session.GetProperty("ticket").GetString() }));
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, fromClient.CallAsync("host.auth", new { user = "bob@example.org", ticket = good.GetProperty("ticket").GetString() }));
        var pinnedElsewhere = await t3p.CallAsync("t3p.acquireTicket", new
        {
            kind = "service", service = ServiceHex,
            delegates = new[] { new { pubkey = Convert.ToHexStringLower(clientKey.PublicKey.Span), pinNet = new[] { new { af = "inet", addr = "10.0.0.0", prefixLen = 8 } } } },
        });
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, fromClient.CallAsync("host.auth", new { user = "alice@example.org", ticket = pinnedElsewhere.GetProperty("ticket").GetString() }));
        using var fromStranger = await Bed.ConnectServiceAsync(NoiseKeyPair.Generate(), Bed.ServiceKey.PublicKey);
        await RpcAssert.FailsWith(RpcErrorCodes.Unauthorized, fromStranger.CallAsync("host.auth", new { user = "alice@example.org", ticket = good.GetProperty("ticket").GetString() }));

        var admitted = await fromClient.CallAsync("host.auth", new { user = "alice@example.org", ticket = good.GetProperty("ticket").GetString() });
        Assert.Equal("alice@example.org", admitted.GetProperty("user").GetString());
    }

    /// <summary>A fresh client key, connected and logged in with a password, holding a session ticket so its tickets outlive the connection.</summary>
    private async Task<(NoiseKeyPair Key, JsonRpc Rpc)> SessionAsync(string user)
    {
        var key = NoiseKeyPair.Generate();
        var rpc = await Bed.LoginAsync(key, user, T3pFixture.Password);
        return (key, rpc);
    }

    private static async Task<bool> CheckAsync(JsonRpc service, string user, JsonElement issued) =>
        await CheckAsync(service, user, issued.GetProperty("ticket").GetString()!);

    private static async Task<bool> CheckAsync(JsonRpc service, string user, string ticket) =>
        (await service.CallAsync("t3p.check", new { user, ticket })).GetProperty("valid").GetBoolean();
}
