using Modular.Sdk.Plugins;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests.Config;

/// <summary>A wrong config stops the host with one message that names the key.</summary>
public sealed class ProxyConfigTests
{
    private static async Task<string> FailureAsync(object config, PluginRoles role = PluginRoles.Server)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestHost.StartAsync(TestHost.ConfigWith(new { id = "proxy", config }), role));
        return error.Message;
    }

    [Fact]
    public async Task Server_config_errors_name_the_key()
    {
        // sniffTimeout is also the name of a computed property: it must still be an unknown key.
        Assert.Contains("unknown key 'sniffTimeout'", await FailureAsync(new { httpListen = "127.0.0.1:0", tlsListen = "127.0.0.1:0", dataListen = "127.0.0.1:0", sniffTimeout = 5 }));
        Assert.Contains("maxSniffBytes", await FailureAsync(new { httpListen = "127.0.0.1:0", tlsListen = "127.0.0.1:0", dataListen = "127.0.0.1:0", maxSniffBytes = 10 }));
        Assert.Contains("tlsListen", await FailureAsync(new { httpListen = "127.0.0.1:0", tlsListen = "nowhere", dataListen = "127.0.0.1:0" }));
        Assert.Contains("unknown key 'server'", await FailureAsync(new { httpListen = "127.0.0.1:0", tlsListen = "127.0.0.1:0", dataListen = "127.0.0.1:0", server = "ws://127.0.0.1:1/rpc" }));
    }

    [Fact]
    public async Task Client_config_errors_name_the_key()
    {
        var secret = new string('a', 64);
        Assert.Contains("server", await FailureAsync(new { proxies = new[] { new { host = "a.example", secret } }, portMap = new Dictionary<string, string> { ["80"] = "127.0.0.1:1" } }, PluginRoles.Client));
        Assert.Contains("proxies[0].secret", await FailureAsync(new { server = "ws://127.0.0.1:1/rpc", proxies = new[] { new { host = "a.example", secret = "abc" } }, portMap = new Dictionary<string, string> { ["80"] = "127.0.0.1:1" } }, PluginRoles.Client));
        Assert.Contains("portMap", await FailureAsync(new { server = "ws://127.0.0.1:1/rpc", proxies = new[] { new { host = "a.example", secret } }, portMap = new Dictionary<string, string> { ["http"] = "127.0.0.1:1" } }, PluginRoles.Client));
        Assert.Contains("portMap.80", await FailureAsync(new { server = "ws://127.0.0.1:1/rpc", proxies = new[] { new { host = "a.example", secret } }, portMap = new Dictionary<string, string> { ["80"] = "nohost" } }, PluginRoles.Client));
        Assert.Contains("unknown key 'httpListen'", await FailureAsync(new { httpListen = "127.0.0.1:0" }, PluginRoles.Client));
    }
}
