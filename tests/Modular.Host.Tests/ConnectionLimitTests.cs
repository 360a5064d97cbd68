using System.Net.WebSockets;
using Modular.Testing;

namespace Modular.Host.Tests;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Connections_beyond_maxConnections_are_refused_cleanly_and_admitted_again_when_one_closes()
    {
        await using var host = await TestHost.StartAsync(new { rpc = new { listen = "127.0.0.1:0", maxConnections = 3 }, state = new { provider = "memory" } });
        var open = new List<RawWebSocket>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await RawWebSocket.ConnectAsync(host.RpcUri));
        }

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => RawWebSocket.ConnectAsync(host.RpcUri));
        Assert.Contains("503", refused.Message);

        open[0].Dispose();
        var admitted = await RetryAsync(() => RawWebSocket.ConnectAsync(host.RpcUri));
        await admitted.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"host.ping\"}");
        Assert.Contains("pong", await admitted.ReceiveAsync());
        foreach (var socket in open.Append(admitted))
        {
            socket.Dispose();
        }
    }

    /// <summary>The server notices a dropped client a moment later; retry briefly, bounded.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (WebSocketException) when (i < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
