using System.Text.Json;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests;

public sealed class ProxyPluginLoadTests
{
    [Fact]
    public async Task Plugin_loads_in_the_host_and_is_listed_by_host_plugins()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(new { id = "proxy", config = new { httpListen = "127.0.0.1:0", tlsListen = "127.0.0.1:0", dataListen = "127.0.0.1:0" } }));
        using var rpc = await host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        Assert.Contains(plugins.EnumerateArray(), p => p.GetProperty("id").GetString() == "proxy");
    }
}
