namespace Modular.Plugins.Htx.Options;

/// <summary>The plugin's <c>config</c> object as written; <see cref="HtxSettings"/> is its validated form.</summary>
public sealed class HtxOptions
{
    public string Listen { get; set; } = "0.0.0.0:8443";

    public HtxTlsOptions? Tls { get; set; }

    public string SiteName { get; set; } = "bn";

    /// <summary>The current X25519 key (PKCS#8 PEM); created on first start when missing. Default: <c>htx-ticket.key</c> in the data directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary>8 bytes as hex; default the first 8 bytes of SHA-256 of the public key.</summary>
    public string? KeyId { get; set; }

    public List<HtxPreviousKeyOptions> PreviousKeys { get; set; } = [];

    public string Carriers { get; set; } = "cookie:0.5,query:0.3,body:0.2";

    public string Padding { get; set; } = "24..64";

    public HtxRateLimitOptions RateLimit { get; set; } = new();

    public int ReplayWindowSeconds { get; set; } = 7200;

    /// <summary>A folder of static files, or an http(s) URL of a decoy origin.</summary>
    public string? Decoy { get; set; }

    /// <summary>The protected origin, an http(s) URL.</summary>
    public string? Upstream { get; set; }

    public int MaxCarrierBytes { get; set; } = 4096;

    /// <summary>The largest urlencoded POST body searched for a body carrier (it has to be buffered to remove the field).</summary>
    public int MaxFormBytes { get; set; } = 65536;

    /// <summary>How long a forwarded request to the upstream or decoy origin may stay idle.</summary>
    public int ForwardTimeoutSeconds { get; set; } = 100;
}
