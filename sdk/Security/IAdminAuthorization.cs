using System.Security.Claims;

namespace Modular.Sdk.Security;

/// <summary>Checks admin credentials: the config's <c>admin.tokens</c>, compared in constant time.</summary>
public interface IAdminAuthorization
{
    /// <summary>True when <paramref name="authorizationHeader"/> is <c>Bearer &lt;token&gt;</c> with a configured token.</summary>
    bool IsAdminHeader(string? authorizationHeader);

    /// <summary>True when the principal carries the admin role (from a token, or from a T3P ticket).</summary>
    bool IsAdmin(ClaimsPrincipal principal);
}
