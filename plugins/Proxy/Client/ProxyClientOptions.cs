using System.Globalization;
using Modular.Plugins.Proxy.Protocol;
using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Plugins.Proxy.Client;

/// <summary>The client role's <c>config</c> (see config.schema.json).</summary>
public sealed class ProxyClientOptions
{
    /// <summary>The server's <c>ws://host:port/rpc</c> URL.</summary>
    public string? Server { get; set; }

    public List<ProxyEntry> Proxies { get; set; } = [];

    /// <summary>Public port (as a string key) to the local <c>host:port</c> that serves it.</summary>
    public Dictionary<string, string> PortMap { get; set; } = [];

    /// <summary>Ask the server for a PROXY protocol v2 header on each data connection.</summary>
    public bool ProxyProtocol { get; set; }

    public int ReconnectInitialMs { get; set; } = 1000;

    public int ReconnectMaxMs { get; set; } = 30000;

    public int ConnectTimeoutMs { get; set; } = 5000;

    public int CopyBufferBytes { get; set; } = 65536;

    /// <summary>
    /// Throws <see cref="ConfigException"/> naming the first bad key; returns what the strings parse to.
    /// (Parsed values live outside this class: any property here would be a config key.)
    /// </summary>
    public ClientTargets Validate()
    {
        if (!Uri.TryCreate(Server, UriKind.Absolute, out var server) || server.Scheme is not ("ws" or "wss"))
        {
            throw new ConfigException($"proxy config server: '{Server}' is not a ws:// or wss:// URL (for example ws://proxy.example.org:9080/rpc)");
        }
        if (Proxies.Count == 0)
        {
            throw new ConfigException("proxy config proxies: list at least one {host, secret}");
        }
        for (var i = 0; i < Proxies.Count; i++)
        {
            if (!HostNames.TryNormalize(Proxies[i].Host, out var host))
            {
                throw new ConfigException($"proxy config proxies[{i}].host: '{Proxies[i].Host}' is not a host name");
            }
            Proxies[i].Host = host;
            if (!ProxySecrets.TryParseHex(Proxies[i].Secret, ProxySecrets.MinLength, ProxySecrets.MaxLength, out _))
            {
                throw new ConfigException($"proxy config proxies[{i}].secret: must be hex of {ProxySecrets.MinLength} to {ProxySecrets.MaxLength} bytes ('modular proxy secret' makes one)");
            }
        }
        if (PortMap.Count == 0)
        {
            throw new ConfigException("proxy config portMap: map at least one public port to a local host:port, for example {\"80\": \"127.0.0.1:8080\"}");
        }
        var targets = new Dictionary<int, (string Host, int Port)>();
        foreach (var (key, value) in PortMap)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new ConfigException($"proxy config portMap: key '{key}' is not a port number");
            }
            targets[port] = ParseTarget(value, $"proxy config portMap.{key}");
        }
        ConfigChecks.Positive(ReconnectInitialMs, "proxy config: reconnectInitialMs");
        ConfigChecks.Positive(ReconnectMaxMs, "proxy config: reconnectMaxMs");
        ConfigChecks.Positive(ConnectTimeoutMs, "proxy config: connectTimeoutMs");
        if (CopyBufferBytes is < 1024 or > 1 << 24)
        {
            throw new ConfigException($"proxy config copyBufferBytes: {CopyBufferBytes} is outside 1024..16777216");
        }
        return new ClientTargets(server, targets);
    }

    private static (string Host, int Port) ParseTarget(string value, string key)
    {
        if (ListenAddress.TrySplit(value, out var host, out var port) && port > 0)
        {
            return (host, port);
        }
        throw new ConfigException($"{key}: '{value}' is not host:port");
    }
}
