namespace Modular.Plugins.Htx.Server;

/// <summary>Why a request got the decoy: the <c>reason</c> tag of the metric and the log line, never shown to the peer.</summary>
public static class RejectionReason
{
    public const string NoCarrier = "no-carrier";
    public const string FormTooLarge = "form-too-large";
    public const string RateLimited = "rate-limited";
    public const string MultipleCarriers = "multiple-carriers";
    public const string CarrierNotOffered = "carrier-not-offered";
    public const string CarrierTooLarge = "carrier-too-large";
    public const string BadEncoding = "bad-encoding";
    public const string WrongVersion = "wrong-version";
    public const string Truncated = "truncated";
    public const string UnknownKey = "unknown-key";
    public const string BadPadding = "bad-padding";
    public const string LowOrderPoint = "low-order-point";
    public const string WrongTicket = "wrong-ticket";
    public const string Replay = "replay";
    public const string InternalError = "internal-error";
}
