using System.Net.Sockets;
using System.Text;
using Modular.Testing;

namespace Modular.Host.Tests;

/// <summary>
/// Plugin TCP listeners receive into 64 KiB blocks, HTTP keeps Kestrel's 4 KiB ones. This rests on Kestrel
/// creating a listener's memory pools inside its bind; a Kestrel update that changes that fails here.
/// </summary>
public sealed class RawTcpTransportTests
{
    [Fact]
    public async Task A_plugin_tcp_listener_has_64_KiB_blocks_and_http_keeps_kestrels()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { blockSizeListen = "127.0.0.1:0" })));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Listeners.Get("sample", "block-size"));
        using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
        Assert.Equal("65536", await reader.ReadToEndAsync());

        using var http = new HttpClient { BaseAddress = new Uri($"http://{host.RpcUri.Authority}/") };
        Assert.Equal("4096", await http.GetStringAsync("sample/block-size"));
    }
}
