using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Modular.Plugins.Proxy.Tests.Support;
using Modular.Sdk.Plugins;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests.EndToEnd;

public sealed class ProxyClientTests
{
    [Fact]
    public async Task A_client_whose_server_is_down_keeps_retrying_and_says_so_once()
    {
        // Accepts and hangs up at once, like a server that is going down, counting the attempts.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var nobody = (IPEndPoint)listener.LocalEndpoint;
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var refusing = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    (await listener.AcceptSocketAsync(stop.Token)).Dispose();
                    Interlocked.Increment(ref attempts);
                }
            }
            catch (OperationCanceledException)
            {
                listener.Stop();
            }
        });
        var logs = new LogCapture();
        await using var client = await TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "proxy",
            config = new
            {
                server = $"ws://{nobody}/rpc",
                proxies = new[] { new { host = "down.example", secret = new string('5', 64) } },
                portMap = new Dictionary<string, string> { ["80"] = "127.0.0.1:1" },
                reconnectInitialMs = 20,
                reconnectMaxMs = 40,
            },
        }), PluginRoles.Client, logs: logs);

        // At 20..40 ms per attempt, five attempts take a fraction of a second; a busy machine gets ten.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref attempts) < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await refusing;
        Assert.True(attempts >= 5, $"only {attempts} attempts");
        var unreachable = logs.Entries.Where(e => e.Category.StartsWith("Modular.Plugins.Proxy", StringComparison.Ordinal)
            && e.Message.Contains("cannot reach", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(unreachable);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains(nobody.ToString(), entry.Message);
    }
}
