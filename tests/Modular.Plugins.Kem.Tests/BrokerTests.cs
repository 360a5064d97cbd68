using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;
using Modular.Sdk.Rpc;
using Modular.Testing;
using static Modular.Plugins.Kem.Tests.KemTestKit;

namespace Modular.Plugins.Kem.Tests;

public sealed class BrokerTests : IAsyncLifetime
{
    private const string Script = "log.info('hello ' + params.user);";
    private string _scripts = "";
    private KemKeyPair _signingKey = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        (_scripts, _signingKey) = CreateScripts(("hello", Script));
        _host = await StartBrokerAsync(_scripts, maxScramblerFailures: 3);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_scripts, recursive: true);
    }

    private async Task<(string Ticket, string Scrambler)> NewTicketAsync(object? tunnel = null)
    {
        var created = await CreateTicketAsync(_host, "hello", tunnel, new { user = "ada" });
        return (created.GetProperty("ticket").GetString()!, created.GetProperty("scrambler").GetString()!);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static void AssertError(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) reply, string? message = null)
    {
        Assert.Equal(expected, reply.Status);
        var error = reply.Body.GetProperty("error");
        Assert.False(error.GetProperty("is_retryable").GetBoolean());
        Assert.Equal(0, error.GetProperty("percent").GetInt32());
        if (message is not null)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_ticket_is_served_once_as_an_envelope_with_the_signed_script_and_params()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        var client = MlKem.GenerateKeyPair();

        var reply = await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler, Convert.ToBase64String(client.PublicKey)));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var envelope = reply.Body.GetProperty("result").Deserialize<TicketEnvelope>(KemJson.Options)!;
        Assert.Equal("AES-256-GCM", envelope.Algorithm);
        var (launch, _) = envelope.Open<LaunchTicket>(MlKem, client.PrivateKey, ticket);
        Assert.Equal(Script, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(launch.Script)));
        Assert.Equal("javascript", launch.Type);
        Assert.Equal("MLDSA65", launch.SignatureAlgorithm);
        Assert.True(MlDsa.Verify(_signingKey.PublicKey, Convert.FromBase64String(launch.Script), Convert.FromBase64String(launch.Signature)));
        Assert.Equal("ada", launch.Params.GetProperty("user").GetString());
        Assert.Null(launch.Tunnel);

        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler)));
        Assert.Empty(await StateKeysAsync(_host));
    }

    [Fact]
    public async Task A_served_ticket_is_UTF_8_JSON_as_every_other_broker_reply()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        using var http = new HttpClient { Timeout = WaitLimit };

        using var response = await http.PostAsync(new Uri(BrokerUri(_host) + $"/client/{ticket}/ticket"),
            System.Net.Http.Json.JsonContent.Create(ClientBody(scrambler, Convert.ToBase64String(MlKem.GenerateKeyPair().PublicKey))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body).RootElement.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task An_old_client_version_gets_426_and_the_ticket_stays()
    {
        var (ticket, scrambler) = await NewTicketAsync();

        AssertError((HttpStatusCode)426, await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler, version: "4.9.9")),
            "Client version not supported. Please upgrade it.");
        AssertError((HttpStatusCode)426, await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler, version: "not-a-version")));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);
    }

    [Theory]
    [InlineData(null, "kem_kyber_key is required.")]
    [InlineData("", "kem_kyber_key is required.")]
    [InlineData("!!not base64!!", "kem_kyber_key is not standard base64.")]
    [InlineData("AAAA", "kem_kyber_key must be 1184 bytes, not 3.")]
    public async Task A_missing_empty_badly_encoded_or_short_key_gets_400_and_the_ticket_stays(string? key, string message)
    {
        var (ticket, scrambler) = await NewTicketAsync();

        var body = new { scrambler, kem_kyber_key = key, hostname = "h", version = "5.0.0" };
        AssertError(HttpStatusCode.BadRequest, await PostAsync(_host, $"client/{ticket}/ticket", body), message);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);
    }

    [Fact]
    public async Task A_key_is_read_through_JSON_escapes_and_any_case_of_the_field_names()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        var client = MlKem.GenerateKeyPair();
        // Every character of the key escaped, as a JSON writer may do; the names in capitals.
        var escapedKey = string.Concat(Convert.ToBase64String(client.PublicKey).Select(c => $"\\u{(int)c:X4}"));
        var body = $$"""{"SCRAMBLER": "{{scrambler}}", "Kem_Kyber_Key": "{{escapedKey}}", "hostname": "h", "VERSION": "5.0.0"}""";

        var (status, reply) = await PostAsync(_host, $"client/{ticket}/ticket", Json(body));

        Assert.Equal(HttpStatusCode.OK, status);
        var envelope = reply.GetProperty("result").Deserialize<TicketEnvelope>(KemJson.Options)!;
        Assert.Equal(Script, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(envelope.Open<LaunchTicket>(MlKem, client.PrivateKey, ticket).Payload.Script)));
    }

    [Theory]
    [InlineData("{nope", "The request body is not valid JSON.")]
    [InlineData("", "The request body is not valid JSON.")]
    [InlineData("[]", "The request body is not valid JSON.")]
    [InlineData("{\"scrambler\": 5}", "The request body is not valid JSON.")]
    [InlineData("{\"scrambler\": \"x\"} {}", "The request body is not valid JSON.")]
    [InlineData("null", "The request body must be a JSON object.")]
    public async Task A_body_that_is_not_a_JSON_object_gets_400_and_the_ticket_stays(string body, string message)
    {
        var (ticket, scrambler) = await NewTicketAsync();

        AssertError(HttpStatusCode.BadRequest, await PostAsync(_host, $"client/{ticket}/ticket", Json(body)), message);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);
    }

    [Fact]
    public async Task A_body_that_arrives_in_several_buffers_is_read_whole()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        // 12 KiB: more than one of Kestrel's 4 KiB buffers, under maxRequestBytes.
        var padded = new { scrambler, kem_kyber_key = Convert.ToBase64String(MlKem.GenerateKeyPair().PublicKey), hostname = new string('h', 12 * 1024), version = "5.0.0" };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", padded)).Status);
    }

    [Fact]
    public async Task A_body_over_maxRequestBytes_gets_400_and_the_ticket_stays()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        var padding = new string('a', 16 * 1024);

        AssertError(HttpStatusCode.BadRequest, await PostAsync(_host, $"client/{ticket}/ticket", Json($$"""{"scrambler": "{{scrambler}}", "padding": "{{padding}}"}""")),
            "The request body is larger than 16384 bytes.");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);
    }

    [Fact]
    public async Task An_unknown_ticket_gets_404()
    {
        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, $"client/{TicketIds.NewTicket()}/ticket", ClientBody("x")), "Ticket not found or expired.");
        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, "client/short/ticket", ClientBody("x")));
    }

    [Fact]
    public async Task A_wrong_scrambler_gets_403_without_consuming_until_the_limit_destroys_the_ticket()
    {
        var (ticket, scrambler) = await NewTicketAsync();

        AssertError(HttpStatusCode.Forbidden, await PostAsync(_host, $"client/{ticket}/ticket", ClientBody("wrong")));
        AssertError(HttpStatusCode.Forbidden, await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler + "x")));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);

        var (doomed, doomedScrambler) = await NewTicketAsync();
        for (var i = 0; i < 3; i++)
        {
            AssertError(HttpStatusCode.Forbidden, await PostAsync(_host, $"client/{doomed}/ticket", ClientBody("wrong")));
        }
        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, $"client/{doomed}/ticket", ClientBody(doomedScrambler)));
        Assert.Empty(await StateKeysAsync(_host));
    }

    [Fact]
    public async Task A_script_that_cannot_be_read_gets_a_retryable_503_and_the_ticket_stays()
    {
        var (ticket, scrambler) = await NewTicketAsync();
        var signature = Path.Combine(_scripts, "hello.js.mldsa65.sig");
        File.Move(signature, signature + ".away");

        var reply = await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.True(reply.Body.GetProperty("error").GetProperty("is_retryable").GetBoolean());

        File.Move(signature + ".away", signature);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))).Status);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_ticket_succeed_exactly_once()
    {
        var (ticket, scrambler) = await NewTicketAsync(TunnelTo(new IPEndPoint(IPAddress.Loopback, 4443), new IPEndPoint(IPAddress.Loopback, 22)));

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler))));

        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
        Assert.Single(await StateKeysAsync(_host), k => k.StartsWith("tunnel:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateTicket_is_admin_only_and_checks_its_params()
    {
        using (var anonymous = await _host.ConnectAsync())
        {
            Assert.Equal(RpcErrorCodes.Unauthorized, await RpcErrorAsync(() => anonymous.InvokeWithParameterObjectAsync<JsonElement>("kem.createTicket", new { script = "hello" })));
        }
        var loopback = new IPEndPoint(IPAddress.Loopback, 1);
        foreach (var (script, tunnel, ttl) in new (string, object?, int?)[]
        {
            ("missing", null, null),
            ("../hello", null, null),
            ("hello", TunnelTo(loopback), null),
            ("hello", TunnelTo(loopback, Enumerable.Repeat(loopback, 9).ToArray()), null),
            ("hello", TunnelTo(new IPEndPoint(IPAddress.Loopback, 0), loopback), null),
            ("hello", null, 0),
            ("hello", null, 999_999),
        })
        {
            Assert.Equal(RpcErrorCodes.InvalidParams, await RpcErrorAsync(() => CreateTicketAsync(_host, script, tunnel, ttlSeconds: ttl)));
        }
    }

    [Fact]
    public async Task Tunnel_route_needs_a_tunnel_token_and_start_takes_the_tunnel_ticket_once()
    {
        var (ticket, scrambler) = await NewTicketAsync(TunnelTo(new IPEndPoint(IPAddress.Loopback, 4443), new IPEndPoint(IPAddress.Loopback, 22)));
        var client = MlKem.GenerateKeyPair();
        var served = await PostAsync(_host, $"client/{ticket}/ticket", ClientBody(scrambler, Convert.ToBase64String(client.PublicKey)));
        var (launch, clientSecret) = served.Body.GetProperty("result").Deserialize<TicketEnvelope>(KemJson.Options)!.Open<LaunchTicket>(MlKem, client.PrivateKey, ticket);
        Assert.Equal(new TunnelPointer("127.0.0.1", 4443, launch.Tunnel!.Ticket), launch.Tunnel);
        var tunnelKey = MlKem.GenerateKeyPair();
        var start = new { ticket = launch.Tunnel.Ticket, command = "start", ip = "10.0.0.1", kem_kyber_key = Convert.ToBase64String(tunnelKey.PublicKey) };

        AssertError(HttpStatusCode.Unauthorized, await PostAsync(_host, "tunnel/ticket", start));
        AssertError(HttpStatusCode.Unauthorized, await PostAsync(_host, "tunnel/ticket", start, bearer: "wrong"));
        AssertError(HttpStatusCode.BadRequest, await PostAsync(_host, "tunnel/ticket", start with { kem_kyber_key = "AAAA" }, TunnelToken));
        AssertError(HttpStatusCode.BadRequest, await PostAsync(_host, "tunnel/ticket", start with { command = "restart" }, TunnelToken));

        var started = await PostAsync(_host, "tunnel/ticket", start, TunnelToken);
        Assert.Equal(HttpStatusCode.OK, started.Status);
        var grant = started.Body.GetProperty("result").Deserialize<TicketEnvelope>(KemJson.Options)!.Open<TunnelGrant>(MlKem, tunnelKey.PrivateKey, launch.Tunnel.Ticket).Payload;
        Assert.Equal(Convert.ToHexStringLower(clientSecret), grant.SharedSecret);
        Assert.Equal([new TunnelEndpoint("127.0.0.1", 22)], grant.Remotes);
        Assert.True(TicketIds.IsTicket(grant.Notify));

        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, "tunnel/ticket", start, TunnelToken));

        var stop = new { ticket = grant.Notify, command = "stop", sent = 10, recv = 20 };
        var stopped = await PostAsync(_host, "tunnel/ticket", stop, TunnelToken);
        Assert.Equal(HttpStatusCode.OK, stopped.Status);
        Assert.Equal(JsonValueKind.Object, stopped.Body.GetProperty("result").ValueKind);
        AssertError(HttpStatusCode.NotFound, await PostAsync(_host, "tunnel/ticket", stop, TunnelToken));
        Assert.Empty(await StateKeysAsync(_host));
    }
}

public sealed class BrokerExpiryTests
{
    [Fact]
    public async Task A_re_signed_script_is_served_once_the_catalog_looks_again()
    {
        var (scripts, signingKey) = CreateScripts(("hello", "1;"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartBrokerAsync(scripts, time);
        Assert.Equal("1;", await ServeScriptAsync(host));

        var path = Path.Combine(scripts, "hello.js");
        File.WriteAllText(path, "22;");
        File.WriteAllText(path + ".mldsa65.sig", Convert.ToBase64String(MlDsa.Sign(signingKey.PrivateKey, File.ReadAllBytes(path))));
        time.Advance(Broker.ScriptCatalog.RecheckAfter);

        Assert.Equal("22;", await ServeScriptAsync(host));
        Directory.Delete(scripts, recursive: true);
    }

    private static async Task<string> ServeScriptAsync(TestHost host)
    {
        var created = await CreateTicketAsync(host, "hello");
        var ticket = created.GetProperty("ticket").GetString()!;
        var client = MlKem.GenerateKeyPair();
        var reply = await PostAsync(host, $"client/{ticket}/ticket", ClientBody(created.GetProperty("scrambler").GetString()!, Convert.ToBase64String(client.PublicKey)));
        var (launch, _) = reply.Body.GetProperty("result").Deserialize<TicketEnvelope>(KemJson.Options)!.Open<LaunchTicket>(MlKem, client.PrivateKey, ticket);
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(launch.Script));
    }

    [Fact]
    public async Task An_expired_ticket_gets_404()
    {
        var (scripts, _) = CreateScripts(("hello", "1;"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartBrokerAsync(scripts, time);
        var created = await CreateTicketAsync(host, "hello", ttlSeconds: 30);
        var (ticket, scrambler) = (created.GetProperty("ticket").GetString()!, created.GetProperty("scrambler").GetString()!);

        time.Advance(TimeSpan.FromSeconds(31));

        var reply = await PostAsync(host, $"client/{ticket}/ticket", ClientBody(scrambler));
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Directory.Delete(scripts, recursive: true);
    }
}
