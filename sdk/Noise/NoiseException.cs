namespace Modular.Sdk.Noise;

/// <summary>A Noise handshake or transport message failed: wrong key, garbled, truncated or oversized.</summary>
public sealed class NoiseException(string message) : Exception(message);
