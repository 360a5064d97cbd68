namespace Modular.Plugins.Htx.Protocol;

/// <summary>The names tickets travel under.</summary>
public static class CarrierNames
{
    /// <summary>The query parameter and form field.</summary>
    public const string Field = "bn1";

    public const string HostCookiePrefix = "__Host-";

    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>The response header that publishes the ticket key and policy.</summary>
    public const string AnnouncementHeader = "BN-Ticket";

    public static string CookieName(string siteName, bool secure) => secure ? HostCookiePrefix + siteName : siteName;
}
