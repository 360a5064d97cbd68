using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Modular.Testing;

namespace Modular.Host.Tests;

/// <summary><c>rpc.allowedOrigins</c>: what a browser page may open, and that other clients are unaffected.</summary>
public sealed class OriginTests
{
    private const string Ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"host.ping\"}";

    [Fact]
    public async Task A_page_from_an_unlisted_origin_is_refused_with_403_and_a_listed_one_or_no_origin_is_served()
    {
        var logs = new LogCapture();
        await using var host = await TestHost.StartAsync(
            new { rpc = new { listen = "127.0.0.1:0", allowedOrigins = new[] { "https://console.example.com" } }, state = new { provider = "memory" } },
            logs: logs);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => RawWebSocket.ConnectAsync(host.RpcUri, origin: "https://evil.example"));
        Assert.Contains("403", refused.Message);
        Assert.Single(logs.Messages(LogLevel.Warning), m => m.Contains("origin https://evil.example is not in rpc.allowedOrigins", StringComparison.Ordinal));

        using (var page = await RawWebSocket.ConnectAsync(host.RpcUri, origin: "https://Console.Example.com"))
        {
            await page.SendAsync(Ping);
            Assert.Contains("pong", await page.ReceiveAsync());
        }
        using (var tool = await RawWebSocket.ConnectAsync(host.RpcUri))
        {
            await tool.SendAsync(Ping);
            Assert.Contains("pong", await tool.ReceiveAsync());
        }
    }

    [Fact]
    public async Task By_default_no_web_page_may_open_rpc_not_even_one_served_from_loopback()
    {
        await using var host = await TestHost.StartAsync(new { rpc = new { listen = "127.0.0.1:0" }, state = new { provider = "memory" } });

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => RawWebSocket.ConnectAsync(host.RpcUri, origin: $"http://{IPAddress.Loopback}:{host.RpcUri.Port}"));
        Assert.Contains("403", refused.Message);
    }
}
