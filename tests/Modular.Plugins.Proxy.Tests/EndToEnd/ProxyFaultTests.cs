using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Modular.Plugins.Proxy.Tests.Support;
using static Modular.Plugins.Proxy.Tests.Support.ClientHelloBuilder;

namespace Modular.Plugins.Proxy.Tests.EndToEnd;

/// <summary>Bad input and faults: each ends in a clean close or a clear error, never a hang or a leak.</summary>
public sealed class ProxyFaultTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Slowloris_on_both_public_ports_is_closed_after_the_sniff_timeout_without_delaying_anyone()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var web = LocalService.Http("busy");
        var secret = await server.RegisterAsync("busy.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("busy.example", secret)], new() { [server.HttpPort] = web.Address });
        await server.WaitForSubscribersAsync("busy.example", 1);

        var silent = new[] { await Wire.ConnectAsync(server.HttpPort), await Wire.ConnectAsync(server.TlsPort) };
        var trickling = new[] { await Wire.ConnectAsync(server.HttpPort), await Wire.ConnectAsync(server.TlsPort) };
        using var stopTrickle = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            var http = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: busy.example\r\nX-Slow: " + new string('x', 200));
            var hello = Records(Message("busy.example"));
            try
            {
                for (var i = 0; !stopTrickle.IsCancellationRequested && i < hello.Length; i++)
                {
                    await trickling[0].SendAsync(http.AsMemory(i, 1));
                    await trickling[1].SendAsync(hello.AsMemory(i, 1));
                    await Task.Delay(50);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The server closed the trickling connections: that is the point.
            }
        });

        // While four connections stall, a real request goes through at once.
        Assert.EndsWith("busy", await Wire.HttpGetAsync(server.HttpPort, "busy.example"));

        foreach (var socket in silent.Concat(trickling))
        {
            using (socket)
            {
                var closedAfter = await Wire.WaitClosedAsync(socket, Soon);
                Assert.True(closedAfter < TimeSpan.FromSeconds(3), $"closed only after {closedAfter}");
            }
        }
        await stopTrickle.CancelAsync();
        await trickle.WaitAsync(Soon);
        Assert.Equal(1, web.Accepted);
    }

    [Fact]
    public async Task A_client_hello_over_max_sniff_bytes_is_closed_without_a_notification()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var secret = await server.RegisterAsync("big.example");
        using var subscriber = await FakeSubscriber.SubscribeAsync(server, "big.example", secret);

        using var socket = await Wire.ConnectAsync(server.TlsPort);
        await socket.SendAsync(Records(Message("big.example", padding: 5000), 1200));

        await Wire.WaitClosedAsync(socket, Soon);
        Assert.Equal(0, subscriber.Received);
    }

    [Fact]
    public async Task Random_bytes_and_hosts_nobody_serves_are_closed()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var secret = await server.RegisterAsync("known.example");
        using var subscriber = await FakeSubscriber.SubscribeAsync(server, "known.example", secret);
        var random = RandomNumberGenerator.GetBytes(300);
        random[0] = 0x99;

        using (var tls = await Wire.ConnectAsync(server.TlsPort))
        {
            await tls.SendAsync(random);
            await Wire.WaitClosedAsync(tls, Soon);
        }
        using (var unknown = await Wire.ConnectAsync(server.TlsPort))
        {
            await unknown.SendAsync(Records(Message("unknown.example")));
            await Wire.WaitClosedAsync(unknown, Soon);
        }
        Assert.Equal("", await Wire.HttpGetAsync(server.HttpPort, "unknown.example"));
        Assert.Equal(0, subscriber.Received);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: known.example\r\nHost: known.example\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
    [InlineData("this is not http\r\n\r\n")]
    public async Task Bad_http_heads_get_400_and_a_close(string request)
    {
        await using var server = await ProxyServerHost.StartAsync();
        var secret = await server.RegisterAsync("known.example");
        using var subscriber = await FakeSubscriber.SubscribeAsync(server, "known.example", secret);

        var response = await Wire.ExchangeAsync(server.HttpPort, Encoding.ASCII.GetBytes(request));

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response);
        Assert.Equal(0, subscriber.Received);
    }

    [Fact]
    public async Task An_over_long_http_head_gets_400()
    {
        await using var server = await ProxyServerHost.StartAsync();
        var request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: known.example\r\nX-Fill: " + new string('x', 5000) + "\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await Wire.ExchangeAsync(server.HttpPort, request));
    }

    [Fact]
    public async Task Wrong_short_and_reused_secrets_on_the_data_port_are_closed()
    {
        await using var server = await ProxyServerHost.StartAsync(c => c["identifyTimeoutMs"] = 300);
        var secret = await server.RegisterAsync("data.example");
        using var subscriber = await FakeSubscriber.SubscribeAsync(server, "data.example", secret);

        using var visitor = await Wire.ConnectAsync(server.HttpPort);
        var request = Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: data.example\r\n\r\n");
        await visitor.SendAsync(request);
        var offer = await subscriber.NextAsync();
        Assert.Equal((subscriber.Subscription, server.HttpPort, null, server.DataPort), (offer.Subscription, offer.Port, offer.DataHost, offer.DataPort));
        Assert.Matches("^[0-9a-f]{64}$", offer.Secret);

        using (var wrong = await Wire.ConnectAsync(server.DataPort))
        {
            await wrong.SendAsync(RandomNumberGenerator.GetBytes(32));
            Assert.Empty(await Wire.ReadToEndAsync(wrong));
        }
        using (var shortSecret = await Wire.ConnectAsync(server.DataPort))
        {
            await shortSecret.SendAsync(Convert.FromHexString(offer.Secret).AsMemory(0, 31));
            Assert.Empty(await Wire.ReadToEndAsync(shortSecret));
        }
        using (var right = await Wire.ConnectAsync(server.DataPort))
        {
            // In two pieces: the server puts a secret together from whatever arrives.
            var rightSecret = Convert.FromHexString(offer.Secret);
            await right.SendAsync(rightSecret.AsMemory(0, 5));
            await Task.Delay(50);
            await right.SendAsync(rightSecret.AsMemory(5));
            var sniffed = new byte[request.Length];
            Assert.Equal(request.Length, await right.ReceiveAsync(sniffed));
            Assert.Equal(request, sniffed);
            await right.SendAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
            right.Shutdown(SocketShutdown.Send);
            visitor.Shutdown(SocketShutdown.Send);
            Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Encoding.ASCII.GetString(await Wire.ReadToEndAsync(visitor)));
        }
        using (var reused = await Wire.ConnectAsync(server.DataPort))
        {
            await reused.SendAsync(Convert.FromHexString(offer.Secret));
            Assert.Empty(await Wire.ReadToEndAsync(reused));
        }
    }

    [Fact]
    public async Task Each_silent_subscriber_gets_its_turn_before_the_connection_is_closed()
    {
        await using var server = await ProxyServerHost.StartAsync(c => c["connectBackTimeoutMs"] = 300);
        var secret = await server.RegisterAsync("quiet.example");
        using var first = await FakeSubscriber.SubscribeAsync(server, "quiet.example", secret);
        using var second = await FakeSubscriber.SubscribeAsync(server, "quiet.example", secret);

        using var visitor = await Wire.ConnectAsync(server.HttpPort);
        await visitor.SendAsync("GET / HTTP/1.1\r\nHost: quiet.example\r\n\r\n"u8.ToArray());
        var offers = new[] { await first.NextAsync(), await second.NextAsync() };

        await Wire.WaitClosedAsync(visitor, Soon);
        Assert.NotEqual(offers[0].Secret, offers[1].Secret);
        using var late = await Wire.ConnectAsync(server.DataPort);
        await late.SendAsync(Convert.FromHexString(offers[0].Secret));
        Assert.Empty(await Wire.ReadToEndAsync(late));
    }

    [Fact]
    public async Task A_silent_subscriber_passes_the_connection_on_to_a_working_client()
    {
        await using var server = await ProxyServerHost.StartAsync(c => c["connectBackTimeoutMs"] = 300);
        await using var web = LocalService.Http("working");
        var secret = await server.RegisterAsync("mixed.example");
        using var silent = await FakeSubscriber.SubscribeAsync(server, "mixed.example", secret);
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("mixed.example", secret)], new() { [server.HttpPort] = web.Address });
        await server.WaitForSubscribersAsync("mixed.example", 2);

        Assert.EndsWith("working", await Wire.HttpGetAsync(server.HttpPort, "mixed.example"));
        Assert.EndsWith("working", await Wire.HttpGetAsync(server.HttpPort, "mixed.example"));
        Assert.True(silent.Received >= 1);
    }

    [Fact]
    public async Task A_client_that_dies_mid_transfer_closes_the_public_connection_and_leaks_nothing()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var echo = LocalService.Echo();
        var secret = await server.RegisterAsync("dying.example");
        var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("dying.example", secret)], new() { [server.HttpPort] = echo.Address });
        await server.WaitForSubscribersAsync("dying.example", 1);

        using var visitor = await Wire.ConnectAsync(server.HttpPort);
        await visitor.SendAsync("PUT / HTTP/1.1\r\nHost: dying.example\r\n\r\n"u8.ToArray());
        await server.WaitForAsync("dying.example", r => r.GetProperty("activeConnections").GetInt32() == 1, "a live tunnel");

        await client.DisposeAsync();

        await Wire.WaitClosedAsync(visitor, Soon);
        await server.WaitForAsync("dying.example", r => r.GetProperty("activeConnections").GetInt32() == 0 && r.GetProperty("subscribers").GetInt32() == 0, "cleanup");
    }

    [Fact]
    public async Task Unregister_during_a_live_transfer_closes_it_and_ends_the_subscriptions()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var echo = LocalService.Echo();
        var secret = await server.RegisterAsync("gone.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("gone.example", secret)], new() { [server.HttpPort] = echo.Address });
        await server.WaitForSubscribersAsync("gone.example", 1);

        using var visitor = await Wire.ConnectAsync(server.HttpPort);
        await visitor.SendAsync("PUT / HTTP/1.1\r\nHost: gone.example\r\n\r\n"u8.ToArray());
        var echoed = new byte[10];
        Assert.True(await visitor.ReceiveAsync(echoed) > 0);

        await server.Admin.InvokeWithParameterObjectAsync("proxy.unregister", new { host = "gone.example" });

        await Wire.WaitClosedAsync(visitor, Soon);
        Assert.Null(await server.RowAsync("gone.example"));
        Assert.Equal("", await Wire.HttpGetAsync(server.HttpPort, "gone.example"));
    }
}
