namespace Modular.Plugins.Kem.Broker;

/// <summary>A launcher script's bytes and its detached ML-DSA-65 signature, as read from the scripts folder.</summary>
public sealed record SignedScript(byte[] Source, byte[] Signature);
