using System.Text.Json.Serialization;

namespace Modular.Sdk.T3p;

/// <summary>A key allowed to present the ticket (<c>allow delegate pubkey $pubkey PIN-NET*</c>); pins are OR-ed.</summary>
public sealed class T3pDelegate
{
    /// <summary>The delegate's Noise static public key, hex.</summary>
    [JsonPropertyName("pubkey")]
    public string Pubkey { get; init; } = "";

    [JsonPropertyName("pinNet")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<T3pNetPin>? PinNet { get; init; }
}
