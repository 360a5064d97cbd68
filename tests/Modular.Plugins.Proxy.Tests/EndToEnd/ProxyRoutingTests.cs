using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Modular.Plugins.Proxy.Tests.Support;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests.EndToEnd;

/// <summary>Public traffic through a real server and a real client to local services, over loopback.</summary>
public sealed class ProxyRoutingTests
{
    [Fact]
    public async Task An_http_request_reaches_the_local_service_of_its_host_unchanged()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var web = LocalService.Http("web");
        var secret = await server.RegisterAsync("web.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("web.example", secret)], new() { [server.HttpPort] = web.Address });
        await server.WaitForSubscribersAsync("web.example", 1);

        var response = await Wire.HttpGetAsync(server.HttpPort, "WEB.Example:8080", "/hello?x=1");

        Assert.StartsWith("HTTP/1.1 200 OK", response);
        Assert.EndsWith("web", response);
        var head = Assert.Single(web.Heads);
        Assert.Equal("GET /hello?x=1 HTTP/1.1\r\nHost: WEB.Example:8080\r\nConnection: close\r\n\r\n", head);
        await server.WaitForAsync("web.example", r => r.GetProperty("bytesIn").GetInt64() == head.Length
            && r.GetProperty("bytesOut").GetInt64() == response.Length && r.GetProperty("activeConnections").GetInt32() == 0, "counted traffic");
    }

    [Fact]
    public async Task An_absolute_form_request_is_routed_by_its_target()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var web = LocalService.Http("abs");
        var secret = await server.RegisterAsync("abs.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("abs.example", secret)], new() { [server.HttpPort] = web.Address });
        await server.WaitForSubscribersAsync("abs.example", 1);

        var response = await Wire.ExchangeAsync(server.HttpPort, "GET http://ABS.example:80/p HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n"u8.ToArray());

        Assert.EndsWith("abs", response);
    }

    [Fact]
    public async Task A_tls_handshake_with_sni_reaches_the_local_tls_service_and_is_never_terminated()
    {
        using var certificate = TestCertificates.CreateSelfSigned("secure.example");
        await using var server = await ProxyServerHost.StartAsync();
        await using var tls = LocalService.Tls("local-tls", certificate);
        var secret = await server.RegisterAsync("secure.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("secure.example", secret)], new() { [server.TlsPort] = tls.Address });
        await server.WaitForSubscribersAsync("secure.example", 1);

        var reply = await TlsExchangeAsync(server.TlsPort, "Secure.Example", certificate, "ping", trickle: false);

        Assert.Equal("local-tls:ping", reply);
    }

    [Fact]
    public async Task A_client_hello_sent_in_one_byte_segments_is_reassembled_and_routed()
    {
        using var certificate = TestCertificates.CreateSelfSigned("slow.example");
        await using var server = await ProxyServerHost.StartAsync(c => c["sniffTimeoutMs"] = 5000);
        await using var tls = LocalService.Tls("trickled", certificate);
        var secret = await server.RegisterAsync("slow.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("slow.example", secret)], new() { [server.TlsPort] = tls.Address });
        await server.WaitForSubscribersAsync("slow.example", 1);

        var reply = await TlsExchangeAsync(server.TlsPort, "slow.example", certificate, "drip", trickle: true);

        Assert.Equal("trickled:drip", reply);
    }

    [Fact]
    public async Task Two_hosts_are_routed_to_two_clients()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var webA = LocalService.Http("service-a");
        await using var webB = LocalService.Http("service-b");
        var secretA = await server.RegisterAsync("a.example");
        var secretB = await server.RegisterAsync("b.example");
        await using var clientA = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("a.example", secretA)], new() { [server.HttpPort] = webA.Address });
        await using var clientB = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("b.example", secretB)], new() { [server.HttpPort] = webB.Address });
        await server.WaitForSubscribersAsync("a.example", 1);
        await server.WaitForSubscribersAsync("b.example", 1);

        Assert.EndsWith("service-b", await Wire.HttpGetAsync(server.HttpPort, "b.example"));
        Assert.EndsWith("service-a", await Wire.HttpGetAsync(server.HttpPort, "a.example"));
        Assert.EndsWith("service-b", await Wire.HttpGetAsync(server.HttpPort, "B.EXAMPLE"));
        Assert.Equal((1, 2), (webA.Accepted, webB.Accepted));
    }

    [Fact]
    public async Task Connections_are_spread_over_two_subscribers_in_strict_round_robin()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var first = LocalService.Http("first");
        await using var second = LocalService.Http("second");
        var secret = await server.RegisterAsync("rr.example");
        await using var clientA = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("rr.example", secret)], new() { [server.HttpPort] = first.Address });
        await using var clientB = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("rr.example", secret)], new() { [server.HttpPort] = second.Address });
        await server.WaitForSubscribersAsync("rr.example", 2);

        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var response = await Wire.HttpGetAsync(server.HttpPort, "rr.example");
            served.Add(response[(response.LastIndexOf('\n') + 1)..]);
        }

        for (var i = 2; i < served.Count; i++)
        {
            Assert.Equal(served[i - 2], served[i]);
        }
        Assert.NotEqual(served[0], served[1]);
    }

    [Fact]
    public async Task Proxy_protocol_v2_precedes_the_sniffed_bytes_and_half_close_travels_through()
    {
        await using var server = await ProxyServerHost.StartAsync();
        await using var echo = LocalService.Echo();
        var secret = await server.RegisterAsync("echo.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("echo.example", secret)], new() { [server.HttpPort] = echo.Address }, proxyProtocol: true);
        await server.WaitForSubscribersAsync("echo.example", 1);

        using var socket = await Wire.ConnectAsync(server.HttpPort);
        var request = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: echo.example\r\n\r\n");
        var body = RandomNumberGenerator.GetBytes(3 << 20);
        await socket.SendAsync(request);
        var reading = Wire.ReadToEndAsync(socket);
        await socket.SendAsync(body);
        // Our FIN must reach the echo service (which only then ends its side) while we keep reading.
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var echoed = await reading;

        var client4 = (IPEndPoint)socket.LocalEndPoint!;
        Assert.Equal("0D0A0D0A000D0A515549540A" + "2111000C", Convert.ToHexString(echoed, 0, 16));
        Assert.Equal(IPAddress.Loopback, new IPAddress(echoed.AsSpan(16, 4)));
        Assert.Equal(IPAddress.Loopback, new IPAddress(echoed.AsSpan(20, 4)));
        Assert.Equal(client4.Port, BinaryPrimitives.ReadUInt16BigEndian(echoed.AsSpan(24)));
        Assert.Equal(server.HttpPort, BinaryPrimitives.ReadUInt16BigEndian(echoed.AsSpan(26)));
        Assert.True(echoed.AsSpan(28).SequenceEqual([.. request, .. body]), "the echoed stream differs from what was sent");
    }

    [Fact]
    public async Task Bytes_sent_with_the_head_beyond_max_sniff_bytes_follow_the_sniffed_ones_in_order()
    {
        await using var server = await ProxyServerHost.StartAsync(c => c["maxSniffBytes"] = 4096);
        await using var echo = LocalService.Echo();
        var secret = await server.RegisterAsync("echo.example");
        await using var client = await ProxyClientHost.StartAsync(server.Host.RpcUri, [("echo.example", secret)], new() { [server.HttpPort] = echo.Address });
        await server.WaitForSubscribersAsync("echo.example", 1);

        using var socket = await Wire.ConnectAsync(server.HttpPort);
        // One write: the sniffer takes the first 4096 bytes, the rest waits in the connection's input.
        byte[] sent = [.. "POST / HTTP/1.1\r\nHost: echo.example\r\n\r\n"u8, .. RandomNumberGenerator.GetBytes(40_000)];
        await socket.SendAsync(sent);
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var echoed = await Wire.ReadToEndAsync(socket);

        Assert.True(echoed.AsSpan().SequenceEqual(sent), $"echoed {echoed.Length} bytes that differ from the {sent.Length} sent");
    }

    /// <summary>A real TLS client through the proxy; the certificate it sees must be the local service's own.</summary>
    internal static async Task<string> TlsExchangeAsync(int port, string serverName, System.Security.Cryptography.X509Certificates.X509Certificate2 expected, string line, bool trickle)
    {
        using var socket = await Wire.ConnectAsync(port);
        Stream stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        if (trickle)
        {
            stream = new TrickleStream(stream);
        }
        await using var ssl = new SslStream(stream, leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }).WaitAsync(Wire.Timeout);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        using var reader = new StreamReader(ssl);
        return await reader.ReadLineAsync().WaitAsync(Wire.Timeout) ?? "";
    }
}
