namespace Modular.Plugins.Htx.Protocol;

/// <summary>Where a request carries its ticket.</summary>
public enum CarrierKind
{
    /// <summary>The cookie <c>__Host-&lt;siteName&gt;</c> (or <c>&lt;siteName&gt;</c> over plain HTTP).</summary>
    Cookie,

    /// <summary>The query parameter <c>bn1</c>.</summary>
    Query,

    /// <summary>The form field <c>bn1</c> of a POST with <c>application/x-www-form-urlencoded</c>.</summary>
    Body,
}
