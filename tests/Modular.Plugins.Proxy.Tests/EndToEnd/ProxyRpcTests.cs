using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Proxy.Protocol;
using Modular.Plugins.Proxy.Tests.Support;
using Modular.Testing;
using StreamJsonRpc;

namespace Modular.Plugins.Proxy.Tests.EndToEnd;

/// <summary><c>proxy.register</c>, <c>unregister</c>, <c>list</c>, <c>subscribe</c>: their errors and what they keep.</summary>
public sealed class ProxyRpcTests
{
    private static async Task<int> ErrorCodeAsync(JsonRpc rpc, string method, object parameters)
    {
        // StreamJsonRpc surfaces -32602 as "method not found", the other codes as invocation errors.
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => rpc.InvokeWithParameterObjectAsync(method, parameters));
        return error switch
        {
            RemoteInvocationException invocation => invocation.ErrorCode,
            RemoteMethodNotFoundException notFound => (int)notFound.ErrorCode,
            _ => throw new Xunit.Sdk.XunitException($"unexpected {error.GetType().Name}: {error.Message}"),
        };
    }

    [Fact]
    public async Task Admin_methods_refuse_a_connection_without_the_admin_token()
    {
        await using var server = await ProxyServerHost.StartAsync();
        using var anonymous = await server.Host.ConnectAsync();

        Assert.Equal(-32001, await ErrorCodeAsync(anonymous, "proxy.register", new { host = "a.example", secretHash = new string('0', 64) }));
        Assert.Equal(-32001, await ErrorCodeAsync(anonymous, "proxy.unregister", new { host = "a.example" }));
        Assert.Equal(-32001, await ErrorCodeAsync(anonymous, "proxy.list", new { }));
    }

    [Fact]
    public async Task Subscribe_answers_unknown_host_wrong_secret_and_bad_params_with_their_codes()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var secret = await server.RegisterAsync("sub.example");
        using var anonymous = await server.Host.ConnectAsync();

        Assert.Equal(-20000, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "other.example", secret }));
        Assert.Equal(-20001, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example", secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) }));
        Assert.Equal(-20001, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example", secret = secret + "00" }));
        Assert.Equal(-32602, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example", secret = "zz" + secret[2..] }));
        Assert.Equal(-32602, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example", secret = secret[..62] }));
        Assert.Equal(-32602, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example", secret = new string('a', 514) }));
        Assert.Equal(-32602, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "sub.example" }));
        Assert.Equal(-32602, await ErrorCodeAsync(anonymous, "proxy.subscribe", new { host = "bad host", secret }));

        var subscribed = await anonymous.InvokeWithParameterObjectAsync<SubscribeResult>("proxy.subscribe", new { host = "SUB.example", secret = secret.ToUpperInvariant() });
        Assert.StartsWith("sub-", subscribed.Subscription);
    }

    [Fact]
    public async Task Register_validates_its_params_and_unregister_of_an_unknown_host_is_an_error()
    {
        await using var server = await ProxyServerHost.StartAsync();

        Assert.Equal(-32602, await ErrorCodeAsync(server.Admin, "proxy.register", new { host = "a.example", secretHash = "abc" }));
        Assert.Equal(-32602, await ErrorCodeAsync(server.Admin, "proxy.register", new { host = "", secretHash = new string('0', 64) }));
        Assert.Equal(-20000, await ErrorCodeAsync(server.Admin, "proxy.unregister", new { host = "never.example" }));
    }

    [Fact]
    public async Task List_counts_subscribers_until_their_websocket_closes()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var secret = await server.RegisterAsync("count.example");
        await server.RegisterAsync("idle.example");

        var subscriber = await FakeSubscriber.SubscribeAsync(server, "count.example", secret);
        using (var second = await FakeSubscriber.SubscribeAsync(server, "count.example", secret))
        {
            await server.WaitForSubscribersAsync("count.example", 2);
        }
        await server.WaitForSubscribersAsync("count.example", 1);
        subscriber.Dispose();
        await server.WaitForSubscribersAsync("count.example", 0);

        var rows = (await server.ListAsync()).EnumerateArray().Select(r => r.GetProperty("host").GetString()!).ToArray();
        Assert.Equal(["count.example", "idle.example"], rows);
        var row = (await server.RowAsync("idle.example"))!.Value;
        Assert.Equal(["host", "subscribers", "activeConnections", "bytesIn", "bytesOut"], row.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Re_registering_with_another_hash_revokes_the_old_secret_and_its_subscriptions()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var oldSecret = await server.RegisterAsync("rotate.example");
        using var subscriber = await FakeSubscriber.SubscribeAsync(server, "rotate.example", oldSecret);

        var newSecret = await server.RegisterAsync("rotate.example");

        await server.WaitForSubscribersAsync("rotate.example", 0);
        Assert.Equal(-20001, await ErrorCodeAsync(subscriber.Rpc, "proxy.subscribe", new { host = "rotate.example", secret = oldSecret }));
        await subscriber.Rpc.InvokeWithParameterObjectAsync<SubscribeResult>("proxy.subscribe", new { host = "rotate.example", secret = newSecret });
    }

    [Fact]
    public async Task Registrations_survive_a_server_restart_and_the_client_resubscribes_by_itself()
    {
        var dataDir = TestHost.CreateTempDirectory();
        await using var web = LocalService.Http("persistent");
        var ports = FreePorts(2);
        string secret;
        int httpPort;
        var first = await ProxyServerHost.StartAsync(c => c["httpListen"] = $"127.0.0.1:{ports[1]}", dataDir, $"127.0.0.1:{ports[0]}");
        var rpcUri = first.Host.RpcUri;
        httpPort = first.HttpPort;
        secret = await first.RegisterAsync("persist.example");
        await using var client = await ProxyClientHost.StartAsync(rpcUri, [("persist.example", secret)], new() { [httpPort] = web.Address });
        try
        {
            await first.WaitForSubscribersAsync("persist.example", 1);
            Assert.EndsWith("persistent", await Wire.HttpGetAsync(httpPort, "persist.example"));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await ProxyServerHost.StartAsync(c => c["httpListen"] = $"127.0.0.1:{ports[1]}", dataDir, $"127.0.0.1:{ports[0]}");

        await second.WaitForSubscribersAsync("persist.example", 1);
        Assert.EndsWith("persistent", await Wire.HttpGetAsync(httpPort, "persist.example"));
        Directory.Delete(dataDir, recursive: true);
    }

    /// <summary>Ports the OS just handed out and released: a restarted server must bind the same ones.</summary>
    private static int[] FreePorts(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        sockets.ForEach(s => s.Dispose());
        return ports;
    }
}
