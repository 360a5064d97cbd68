namespace Modular.Host.Configuration;

/// <summary><c>auth.t3p</c>: the trusted third party whose tickets <c>host.auth</c> accepts.</summary>
public sealed class T3pAuthConfig
{
    /// <summary>The T3P's Noise RPC address, <c>host:port</c>, for online checks.</summary>
    public string Address { get; init; } = "";

    /// <summary>The T3P's Noise static public key, hex.</summary>
    public string NoiseKey { get; init; } = "";

    /// <summary>The T3P's Ed25519 ticket-signing public key, hex.</summary>
    public string SigningKey { get; init; } = "";

    /// <summary>The user domain this T3P vouches for; users of other domains are refused.</summary>
    public string Domain { get; init; } = "";

    /// <summary>How long an online <c>t3p.check</c> may take before the login is refused.</summary>
    public int CheckTimeoutSeconds { get; init; } = 10;
}
