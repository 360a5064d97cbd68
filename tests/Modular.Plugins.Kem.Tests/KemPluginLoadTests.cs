using System.Text.Json;
using Modular.Testing;

namespace Modular.Plugins.Kem.Tests;

public sealed class KemPluginLoadTests
{
    [Fact]
    public async Task Plugin_loads_in_the_host_and_is_listed_by_host_plugins()
    {
        await using var host = await TestHost.StartAsync(TestHost.ConfigWith(new { id = "kem", config = new { } }));
        using var rpc = await host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        Assert.Contains(plugins.EnumerateArray(), p => p.GetProperty("id").GetString() == "kem");
    }

    [Theory]
    [InlineData("""{ "broker": { "scriptsDir": "no-such-folder" } }""", "broker.scriptsDir")]
    [InlineData("""{ "broker": { "scriptsDir": ".", "ticketTtl": 5 } }""", "ticketTtl")]
    [InlineData("""{ "broker": { "scriptsDir": ".", "maxScramblerFailures": 0 } }""", "broker.maxScramblerFailures")]
    [InlineData("""{ "tunnel": { "broker": "http://127.0.0.1:1/kem" } }""", "tunnel.token")]
    [InlineData("""{ "tunnel": { "broker": "not a url", "token": "t" } }""", "tunnel.broker")]
    [InlineData("""{ "client": { "scriptTimeoutMs": -1 } }""", "client.")]
    public async Task A_bad_config_stops_the_host_with_a_message_naming_the_key(string config, string key)
    {
        var json = $$"""{ "state": { "provider": "memory" }, "plugins": [ { "id": "kem", "config": {{config}} } ] }""";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestHost.StartAsync(json));

        Assert.Contains(key, error.Message);
    }
}
