using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Modular.Sdk.Rpc;
using Modular.Sdk.Security;

namespace Modular.Host.Security;

/// <summary>
/// Admin bearer tokens from <c>admin.tokens</c>. Tokens are kept and compared as SHA-256 digests in
/// constant time, so neither a token's content nor its length leaks through timing.
/// </summary>
public sealed class AdminAuthorization(IEnumerable<string> tokens) : IAdminAuthorization
{
    private readonly byte[][] _digests = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();

    public bool IsAdminHeader(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }
        return match;
    }

    public bool IsAdmin(ClaimsPrincipal principal) => principal.IsInRole(RpcRoles.Admin);

    /// <summary>The principal of a peer that presented <paramref name="authorizationHeader"/>.</summary>
    public ClaimsPrincipal PrincipalFor(string? authorizationHeader) =>
        IsAdminHeader(authorizationHeader)
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, RpcRoles.Admin)], "Bearer"))
            : new ClaimsPrincipal(new ClaimsIdentity());
}
