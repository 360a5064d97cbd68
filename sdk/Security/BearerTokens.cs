using System.Security.Cryptography;
using System.Text;

namespace Modular.Sdk.Security;

/// <summary>
/// A set of bearer tokens checked against an <c>Authorization</c> header. Tokens are kept and compared as
/// SHA-256 digests in constant time, so neither a token's content nor its length leaks through timing.
/// </summary>
public sealed class BearerTokens(IEnumerable<string> tokens)
{
    private const string Scheme = "Bearer ";

    private readonly byte[][] _digests = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();

    /// <summary>True when <paramref name="authorizationHeader"/> is <c>Bearer &lt;token&gt;</c> with one of the tokens.</summary>
    public bool Matches(string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..].Trim()));
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }
        return match;
    }
}
