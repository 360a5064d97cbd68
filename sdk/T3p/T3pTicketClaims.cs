using System.Text.Json.Serialization;

namespace Modular.Sdk.T3p;

/// <summary>
/// The claims of a T3P ticket (the PASETO v4.public payload). Times are RFC 3339 strings, as PASETO
/// registers <c>iat</c>, <c>nbf</c> and <c>exp</c>; keys are hex.
/// </summary>
public sealed class T3pTicketClaims
{
    public const string SessionKind = "session";
    public const string ServiceKind = "service";

    [JsonPropertyName("jti")]
    public string Jti { get; init; } = "";

    /// <summary><c>session</c> or <c>service</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    /// <summary>The user, <c>name@domain</c>.</summary>
    [JsonPropertyName("sub")]
    public string Sub { get; init; } = "";

    [JsonPropertyName("dom")]
    public string Dom { get; init; } = "";

    [JsonPropertyName("iat")]
    public DateTimeOffset Iat { get; init; }

    [JsonPropertyName("nbf")]
    public DateTimeOffset Nbf { get; init; }

    [JsonPropertyName("exp")]
    public DateTimeOffset Exp { get; init; }

    /// <summary>Seconds after the last validation at which a service must check online again; 0 checks every use.</summary>
    [JsonPropertyName("vchk")]
    public int Vchk { get; init; }

    /// <summary>The renew limit: renewals are possible until then; absent means not renewable.</summary>
    [JsonPropertyName("rnw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Rnw { get; init; }

    [JsonPropertyName("rol")]
    public List<string> Rol { get; init; } = [];

    /// <summary><c>allow-derive</c>, <c>allow-limited-expand</c>, <c>allow-expand</c>.</summary>
    [JsonPropertyName("flg")]
    public List<string> Flg { get; init; } = [];

    [JsonPropertyName("dlg")]
    public List<T3pDelegate> Dlg { get; init; } = [];

    /// <summary>The client key the ticket is pinned to (the key that acquired it), hex.</summary>
    [JsonPropertyName("cpk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cpk { get; init; }

    /// <summary>The service key the ticket is for, hex; service tickets only.</summary>
    [JsonPropertyName("spk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Spk { get; init; }

    /// <summary>The parent ticket's <c>jti</c>, when there is one.</summary>
    [JsonPropertyName("par")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Par { get; init; }
}
