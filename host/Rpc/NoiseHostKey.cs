using Modular.Sdk.Noise;

namespace Modular.Host.Rpc;

/// <summary>The host's Noise static key: <c>dataDir/noise.key</c>, created on first use.</summary>
public sealed class NoiseHostKey(string dataDirectory) : INoiseHostKey
{
    public const string FileName = "noise.key";

    private readonly Lazy<NoiseKeyPair> _key = new(() => NoiseKeyFile.ReadOrCreate(Path.Combine(dataDirectory, FileName)));

    public NoiseKeyPair KeyPair => _key.Value;
}
