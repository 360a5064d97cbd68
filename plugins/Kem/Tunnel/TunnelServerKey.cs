using Modular.Plugins.Kem.Crypto;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>The tunnel server's ML-KEM-768 key pair: one per process, made at start, never stored.</summary>
public sealed class TunnelServerKey(IKeyEncapsulation kem)
{
    public KemKeyPair KeyPair { get; } = kem.GenerateKeyPair();
}
