using Modular.Plugins.Relay.Client;
using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Plugins.Relay;

/// <summary>The plugin's <c>config</c>: the relay's keys (server role) and <c>client</c> (the CLI's defaults).</summary>
public sealed class RelayOptions
{
    public string RoutePrefix { get; set; } = "relay";

    public List<string> TcpListen { get; set; } = ["0.0.0.0:27001"];

    public int ChannelIdleSeconds { get; set; } = 600;

    public int MaxChannels { get; set; } = 10000;

    public int IdentifyTimeoutMs { get; set; } = 5000;

    /// <summary>Largest JSON body accepted by join and channel.</summary>
    public int MaxRequestBytes { get; set; } = 4096;

    public RelayClientConfig Client { get; set; } = new();

    public TimeSpan ChannelIdle => TimeSpan.FromSeconds(ChannelIdleSeconds);

    public TimeSpan IdentifyTimeout => TimeSpan.FromMilliseconds(IdentifyTimeoutMs);

    /// <summary>Throws <see cref="ConfigException"/> naming the first key that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RoutePrefix) || RoutePrefix.Contains('/', StringComparison.Ordinal))
        {
            throw new ConfigException("relay config: routePrefix must be one non-empty path segment");
        }
        if (TcpListen.Count == 0)
        {
            throw new ConfigException("relay config: tcpListen must list at least one address");
        }
        for (var i = 0; i < TcpListen.Count; i++)
        {
            ListenAddress.Parse(TcpListen[i], $"relay config: tcpListen[{i}]");
        }
        ConfigChecks.Positive(ChannelIdleSeconds, "relay config: channelIdleSeconds");
        ConfigChecks.Positive(MaxChannels, "relay config: maxChannels");
        ConfigChecks.Positive(IdentifyTimeoutMs, "relay config: identifyTimeoutMs");
        ConfigChecks.Positive(MaxRequestBytes, "relay config: maxRequestBytes");
        Client.Validate();
    }
}
