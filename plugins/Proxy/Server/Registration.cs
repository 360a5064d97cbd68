namespace Modular.Plugins.Proxy.Server;

/// <summary>A registered host as stored: only the SHA-256 of its secret, never the secret.</summary>
public sealed record Registration(string Host, string SecretHash);
