namespace Modular.Plugins.T3p.Configuration;

/// <summary>A service the T3P knows by name: <c>get srv NAME info pubkey</c> answers its Noise static key.</summary>
public sealed class T3pServiceEntry
{
    public string Name { get; init; } = "";

    /// <summary>The service's Noise static public key, 64 hex characters.</summary>
    public string Pubkey { get; init; } = "";
}
