using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Plugins.Kem.Configuration;

/// <summary>The <c>tunnel</c> section: the AES-GCM tunnel server.</summary>
public sealed class TunnelOptions
{
    public string Listen { get; set; } = "0.0.0.0:4443";

    /// <summary>The broker's base URL including its route prefix, for example <c>http://127.0.0.1:9080/kem</c>.</summary>
    public string Broker { get; set; } = "";

    /// <summary>The bearer token this tunnel server presents to the broker (one of the broker's <c>tunnelTokens</c>).</summary>
    public string Token { get; set; } = "";

    public int HandshakeTimeoutMs { get; set; } = 5000;

    public int ConnectTimeoutMs { get; set; } = 5000;

    /// <summary>Bound on each call to the broker (start and stop).</summary>
    public int BrokerTimeoutMs { get; set; } = 5000;

    public Uri BrokerUri => new(Broker.TrimEnd('/') + "/");

    public void Validate()
    {
        ListenAddress.Parse(Listen, "kem: tunnel.listen");
        if (!Uri.TryCreate(Broker, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigException($"kem: tunnel.broker '{Broker}' is not an http(s) URL such as http://127.0.0.1:9080/kem");
        }
        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ConfigException("kem: tunnel.token is required (a token the broker lists in broker.tunnelTokens)");
        }
        if (HandshakeTimeoutMs <= 0 || ConnectTimeoutMs <= 0 || BrokerTimeoutMs <= 0)
        {
            throw new ConfigException("kem: tunnel.handshakeTimeoutMs, tunnel.connectTimeoutMs and tunnel.brokerTimeoutMs must be positive");
        }
    }
}
