namespace Modular.Host.Configuration;

public sealed class AdminConfig
{
    /// <summary>Bearer tokens that grant the admin role, on the WebSocket upgrade or an HTTP request.</summary>
    public List<string> Tokens { get; init; } = [];
}
