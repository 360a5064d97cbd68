using System.Text.Json;
using Modular.Testing;

namespace Modular.Plugins.Relay.Tests;

public sealed class RelayPluginLoadTests
{
    [Fact]
    public async Task Plugin_loads_in_the_host_and_is_listed_by_host_plugins()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(new { id = "relay", config = new { } }));
        using var rpc = await host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        Assert.Contains(plugins.EnumerateArray(), p => p.GetProperty("id").GetString() == "relay");
    }
}
