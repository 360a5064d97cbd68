using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Plugins.Proxy.Server;

/// <summary>The server role's <c>config</c> (see config.schema.json).</summary>
public sealed class ProxyServerOptions
{
    public string HttpListen { get; set; } = "0.0.0.0:80";

    public string TlsListen { get; set; } = "0.0.0.0:443";

    public string DataListen { get; set; } = "0.0.0.0:4658";

    /// <summary>The host clients connect to for data connections; null: the host of their <c>/rpc</c> URL.</summary>
    public string? AdvertiseHost { get; set; }

    public int SniffTimeoutMs { get; set; } = 10000;

    public int MaxSniffBytes { get; set; } = 16384;

    public int ConnectBackTimeoutMs { get; set; } = 5000;

    public int IdentifyTimeoutMs { get; set; } = 3000;

    public int MaxPendingPerHost { get; set; } = 256;

    /// <summary>Throws <see cref="ConfigException"/> naming the first bad key.</summary>
    public void Validate()
    {
        ListenAddress.Parse(HttpListen, "proxy config httpListen");
        ListenAddress.Parse(TlsListen, "proxy config tlsListen");
        ListenAddress.Parse(DataListen, "proxy config dataListen");
        if (AdvertiseHost is { } advertise && (string.IsNullOrWhiteSpace(advertise) || advertise.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ConfigException($"proxy config advertiseHost: '{advertise}' is not a host name or address");
        }
        ConfigChecks.Positive(SniffTimeoutMs, "proxy config: sniffTimeoutMs");
        ConfigChecks.Positive(ConnectBackTimeoutMs, "proxy config: connectBackTimeoutMs");
        ConfigChecks.Positive(IdentifyTimeoutMs, "proxy config: identifyTimeoutMs");
        ConfigChecks.Positive(MaxPendingPerHost, "proxy config: maxPendingPerHost");
        // A post-quantum ClientHello is about 2 KB; less than 512 bytes cannot hold a useful request head.
        if (MaxSniffBytes is < 512 or > 1 << 20)
        {
            throw new ConfigException($"proxy config maxSniffBytes: {MaxSniffBytes} is outside 512..1048576");
        }
    }
}
