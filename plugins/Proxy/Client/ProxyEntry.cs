namespace Modular.Plugins.Proxy.Client;

/// <summary>One host the client serves, with the secret registered for it (hex).</summary>
public sealed class ProxyEntry
{
    public string Host { get; set; } = "";

    public string Secret { get; set; } = "";
}
