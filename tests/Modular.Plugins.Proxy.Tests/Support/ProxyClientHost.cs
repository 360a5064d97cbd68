using Modular.Sdk.Plugins;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests.Support;

/// <summary>A real host in the client role running the proxy client against a <see cref="ProxyServerHost"/>.</summary>
internal static class ProxyClientHost
{
    public static Task<TestHost> StartAsync(Uri server, IEnumerable<(string Host, string Secret)> proxies, Dictionary<int, string> portMap, bool proxyProtocol = false) =>
        TestHost.StartAsync(TestHost.ConfigWith(new
        {
            id = "proxy",
            config = new
            {
                server = server.ToString(),
                proxies = proxies.Select(p => new { host = p.Host, secret = p.Secret }).ToArray(),
                portMap = portMap.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
                proxyProtocol,
                reconnectInitialMs = 50,
                reconnectMaxMs = 200,
                connectTimeoutMs = 2000,
            },
        }), PluginRoles.Client);
}
