namespace Modular.Sdk.Noise;

/// <summary>
/// The host's Noise static key (in its data directory, created on first start): what Noise RPC clients
/// authenticate the host by, and what the host presents when it calls another host over Noise.
/// </summary>
public interface INoiseHostKey
{
    NoiseKeyPair KeyPair { get; }
}
