using Modular.Host.Security;
using Modular.Sdk.Rpc;

namespace Modular.Host.Rpc;

/// <summary><c>host.auth</c>: log in to this host with a T3P service ticket over a Noise session.</summary>
public sealed class HostAuthRpcTarget(T3pTicketAuthenticator authenticator, IRpcConnection connection) : IRpcTarget
{
    /// <summary>
    /// Checks <paramref name="ticket"/> for <paramref name="user"/> (<c>name@domain</c>); on success the
    /// connection's principal carries the user and the ticket's roles (role <c>admin</c> opens admin-only methods).
    /// </summary>
    public async Task<HostAuthResult> AuthAsync(string user, string ticket, CancellationToken cancellationToken)
    {
        var principal = await authenticator.AuthenticateAsync(user, ticket, connection, cancellationToken).ConfigureAwait(false);
        connection.Principal = principal;
        return new HostAuthResult(user, principal.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList());
    }
}
