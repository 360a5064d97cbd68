namespace Modular.Plugins.T3p.Server;

/// <summary>The T3P's public keys, hex: the Ed25519 ticket-signing key and the host's Noise static key.</summary>
public sealed record InfoResult(string SigningKey, string NoiseKey);
