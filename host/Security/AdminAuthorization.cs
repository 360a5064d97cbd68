using System.Security.Claims;
using Modular.Sdk.Rpc;
using Modular.Sdk.Security;

namespace Modular.Host.Security;

/// <summary>Admin bearer tokens from <c>admin.tokens</c> (compared as <see cref="BearerTokens"/> do), and the admin role.</summary>
public sealed class AdminAuthorization(IEnumerable<string> tokens) : IAdminAuthorization
{
    private readonly BearerTokens _tokens = new(tokens);

    public bool IsAdminHeader(string? authorizationHeader) => _tokens.Matches(authorizationHeader);

    public bool IsAdmin(ClaimsPrincipal principal) => principal.IsInRole(RpcRoles.Admin);

    /// <summary>The principal of a peer that presented <paramref name="authorizationHeader"/>.</summary>
    public ClaimsPrincipal PrincipalFor(string? authorizationHeader) =>
        IsAdminHeader(authorizationHeader)
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, RpcRoles.Admin)], "Bearer"))
            : new ClaimsPrincipal(new ClaimsIdentity());
}
