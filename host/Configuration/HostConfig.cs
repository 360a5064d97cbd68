using System.Text.Json.Serialization;

namespace Modular.Host.Configuration;

/// <summary>The whole config file (<c>plugins.json</c>), as documented in <c>plugins.schema.json</c>.</summary>
public sealed class HostConfig
{
    /// <summary>Editors' schema reference; ignored by the host.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public RpcConfig Rpc { get; init; } = new();

    public AdminConfig Admin { get; init; } = new();

    public AuthConfig Auth { get; init; } = new();

    /// <summary>Where the host writes keys and databases; relative to the config file.</summary>
    public string DataDir { get; init; } = "data";

    public StateConfig State { get; init; } = new();

    public List<PluginEntry> Plugins { get; init; } = [];
}
