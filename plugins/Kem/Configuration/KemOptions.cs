namespace Modular.Plugins.Kem.Configuration;

/// <summary>The plugin's <c>config</c>: each part runs only when its section is present.</summary>
public sealed class KemOptions
{
    public BrokerOptions? Broker { get; set; }

    public TunnelOptions? Tunnel { get; set; }

    public ClientOptions? Client { get; set; }
}
