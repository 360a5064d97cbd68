namespace Modular.Sdk.Noise;

/// <summary>One token of a Noise handshake pattern (Noise spec section 7).</summary>
public enum NoiseToken
{
    E,
    S,
    EE,
    ES,
    SE,
    SS,
}
