using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Transfer;
using Modular.Sdk.Config;

namespace Modular.Plugins.Relay.Client;

/// <summary>The <c>client</c> object of the plugin's config: defaults for <c>modular relay send|receive</c>.</summary>
public sealed class RelayClientConfig
{
    /// <summary>Base URL of the relay's host, used when neither <c>--relay</c> nor MODULAR_RELAY is given.</summary>
    public string? Relay { get; set; }

    public string Curve { get; set; } = Spake2Curve.DefaultName;

    /// <summary>How often a peer asks the relay whether the other peer has posted its part.</summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>How long a peer waits for the other one (the sender waits for a recipient this long).</summary>
    public int WaitSeconds { get; set; } = 600;

    /// <summary>How long connecting to the relay's TCP port and reading its answer line may take.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>File bytes per frame (at most 1 MiB - 1: the frame's plaintext also holds its type byte).</summary>
    public int ChunkBytes { get; set; } = FrameCodec.MaxPlaintext - 1;

    /// <summary>How long the recipient waits for the sender to close after the final answer before closing the channel.</summary>
    public int CloseWaitMilliseconds { get; set; } = 5000;

    /// <summary>Number of words in a generated password (each word carries 8 bits).</summary>
    public int PasswordWords { get; set; } = 5;

    public void Validate()
    {
        if (Relay is not null && !Uri.TryCreate(Relay, UriKind.Absolute, out _))
        {
            throw new ConfigException($"relay config: client.relay '{Relay}' is not an absolute URL");
        }
        if (!Spake2Curve.TryGet(Curve, out _))
        {
            throw new ConfigException($"relay config: client.curve '{Curve}' is not p256, p384 or p521");
        }
        ConfigChecks.Positive(PollMilliseconds, "relay config: client.pollMilliseconds");
        ConfigChecks.Positive(WaitSeconds, "relay config: client.waitSeconds");
        ConfigChecks.Positive(ConnectTimeoutSeconds, "relay config: client.connectTimeoutSeconds");
        ConfigChecks.Positive(ChunkBytes, "relay config: client.chunkBytes");
        ConfigChecks.Positive(CloseWaitMilliseconds, "relay config: client.closeWaitMilliseconds");
        if (ChunkBytes > Transfer.FrameCodec.MaxPlaintext - 1)
        {
            throw new ConfigException($"relay config: client.chunkBytes must be at most {Transfer.FrameCodec.MaxPlaintext - 1}");
        }
        if (PasswordWords * 8 < 40)
        {
            throw new ConfigException("relay config: client.passwordWords must be at least 5 (40 bits)");
        }
    }
}
