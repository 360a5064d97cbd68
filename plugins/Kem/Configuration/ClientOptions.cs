using Modular.Sdk.Config;

namespace Modular.Plugins.Kem.Configuration;

/// <summary>The <c>client</c> section, read by <c>modular kem launch</c>: what a launcher script may do.</summary>
public sealed class ClientOptions
{
    /// <summary>Whether scripts may start local programs with <c>process.launch</c>.</summary>
    public bool AllowLaunch { get; set; }

    /// <summary>Time the script itself may run, not counting <c>wait()</c>.</summary>
    public int ScriptTimeoutMs { get; set; } = 10_000;

    public long ScriptMemoryBytes { get; set; } = 64L * 1024 * 1024;

    public int ScriptRecursionLimit { get; set; } = 128;

    public int ScriptMaxStatements { get; set; } = 1_000_000;

    /// <summary>How long a tunnel's local port waits for its one connection.</summary>
    public int TunnelAcceptTimeoutMs { get; set; } = 30_000;

    /// <summary>Bound on the ticket request to the broker and on dialling the tunnel server.</summary>
    public int BrokerTimeoutMs { get; set; } = 10_000;

    public void Validate()
    {
        if (ScriptTimeoutMs <= 0 || ScriptMemoryBytes <= 0 || ScriptRecursionLimit <= 0 || ScriptMaxStatements <= 0
            || TunnelAcceptTimeoutMs <= 0 || BrokerTimeoutMs <= 0)
        {
            throw new ConfigException("kem: every client.* limit and timeout must be positive");
        }
    }
}
