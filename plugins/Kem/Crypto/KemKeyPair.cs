namespace Modular.Plugins.Kem.Crypto;

/// <summary>A key pair in raw encodings (public key 1184 bytes for ML-KEM-768, 1952 for ML-DSA-65).</summary>
public sealed record KemKeyPair(byte[] PublicKey, byte[] PrivateKey);
