namespace Modular.Plugins.T3p.Server;

/// <summary>The application error codes of <c>t3p.*</c> (besides -32003 for a call without a Noise session).</summary>
public static class T3pErrors
{
    /// <summary>Unknown user or wrong password or session ticket: one error, after the same work.</summary>
    public const int AuthFailed = -32010;

    /// <summary>The method needs a successful <c>t3p.auth</c> on this connection.</summary>
    public const int NotAuthenticated = -32011;

    /// <summary>The login names a domain this T3P does not serve.</summary>
    public const int UnknownDomain = -32012;

    /// <summary>The ticket is forged, expired, not yet valid, revoked or not the caller's.</summary>
    public const int InvalidTicket = -32013;

    /// <summary>The ACL, a missing flag or delegation, or ownership forbids it.</summary>
    public const int Forbidden = -32014;

    /// <summary>The ticket is not renewable, or its renew limit has passed.</summary>
    public const int RenewRefused = -32015;
}
