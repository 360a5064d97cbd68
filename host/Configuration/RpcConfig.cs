namespace Modular.Host.Configuration;

/// <summary>The JSON-RPC listeners (<c>ws://listen/rpc</c> and the Noise one) and their limits.</summary>
public sealed class RpcConfig
{
    /// <summary>Default listen address of the server role. The client role runs no RPC listener unless one is set.</summary>
    public const string DefaultServerListen = "127.0.0.1:9080";

    public string? Listen { get; init; }

    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Largest WebSocket message accepted; a larger one closes the connection with status 1009.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Web origins (<c>scheme://host[:port]</c>) whose pages may open <c>/rpc</c>. A browser names the page's origin
    /// in every WebSocket upgrade, and any page may ask it to connect anywhere, a loopback address included; an upgrade
    /// whose origin is not listed is refused with 403. Most clients that are not browsers send no origin and are not affected.
    /// </summary>
    public string[] AllowedOrigins { get; init; } = [];

    /// <summary>The Noise-secured RPC listener (TCP, Noise_XK_25519_ChaChaPoly_BLAKE2s); off unless set.</summary>
    public string? NoiseListen { get; init; }

    /// <summary>How long a Noise client has to complete the handshake before the connection is dropped.</summary>
    public int NoiseHandshakeTimeoutSeconds { get; init; } = 10;

    /// <summary>How long Ctrl-C waits for open connections to finish before closing them.</summary>
    public int DrainSeconds { get; init; } = 10;
}
