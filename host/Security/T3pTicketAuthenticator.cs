using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Modular.Host.Configuration;
using Modular.Sdk.Noise;
using Modular.Sdk.Rpc;
using Modular.Sdk.T3p;
using StreamJsonRpc;

namespace Modular.Host.Security;

/// <summary>
/// <c>host.auth</c> with a T3P service ticket (<c>auth.t3p</c>): checks the ticket offline (signature,
/// time, <c>spk</c> is this host's key, <c>cpk</c> or a delegate is the caller's key, pins match the
/// caller's address) and, once <c>vchk</c> has passed since the last validation, online with
/// <c>t3p.check</c> over Noise with this host's static key (seed steps 6 and 7).
/// </summary>
public sealed class T3pTicketAuthenticator(T3pAuthConfig? config, INoiseHostKey hostKey, TimeProvider time, ILogger<T3pTicketAuthenticator> logger)
{
    /// <summary>Validation times are forgotten past this many entries (expired ones first); a forgotten ticket is just checked online again.</summary>
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Validated, DateTimeOffset Expires)> _validated = new();

    public async Task<ClaimsPrincipal> AuthenticateAsync(string user, string ticket, IRpcConnection connection, CancellationToken cancellationToken)
    {
        if (config is null)
        {
            throw RpcErrors.Create(RpcErrorCodes.Unauthorized, "this host accepts no T3P tickets (auth.t3p is not set)");
        }
        var callerKey = connection.PeerStaticKey ?? throw RpcErrors.Create(RpcErrorCodes.TransportRequired, "host.auth needs a Noise session: connect to rpc.noiseListen");
        var at = user.LastIndexOf('@');
        if (at <= 0 || !string.Equals(user[(at + 1)..], config.Domain, StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"users of this host are in the domain '{config.Domain}'");
        }
        var claims = T3pTicketCodec.Read(ticket, Convert.FromHexString(config.SigningKey)) ?? throw Refused("the ticket is not signed by the configured T3P");
        var now = time.GetUtcNow();
        var problem = claims.Sub != user ? "the ticket is for another user"
            : T3pTicketChecks.Time(claims, now)
            ?? T3pTicketChecks.Service(claims, hostKey.KeyPair.PublicKey.Span)
            ?? T3pTicketChecks.Presenter(claims, callerKey.Span, connection.RemoteEndPoint.Address);
        if (problem is not null)
        {
            throw Refused(problem);
        }
        if (NeedsOnlineCheck(claims, now) && !await CheckOnlineAsync(user, ticket, cancellationToken).ConfigureAwait(false))
        {
            _validated.TryRemove(claims.Jti, out _);
            throw Refused("the T3P says the ticket is not valid");
        }
        logger.LogInformation("rpc {Connection}: {User} authenticated with T3P ticket {Id}", connection.Id, user, claims.Jti);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user), .. claims.Rol.Select(r => new Claim(ClaimTypes.Role, r))], "T3P");
        return new ClaimsPrincipal(identity);
    }

    private bool NeedsOnlineCheck(T3pTicketClaims claims, DateTimeOffset now) =>
        claims.Vchk == 0 || !_validated.TryGetValue(claims.Jti, out var entry) || now - entry.Validated >= TimeSpan.FromSeconds(claims.Vchk);

    private async Task<bool> CheckOnlineAsync(string user, string ticket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(config!.CheckTimeoutSeconds));
        try
        {
            using var rpc = await NoiseRpcClient.ConnectAsync(config.Address, Convert.FromHexString(config.NoiseKey), hostKey.KeyPair, cancellationToken: timeout.Token).ConfigureAwait(false);
            var result = await rpc.InvokeWithParameterObjectAsync<CheckAnswer>("t3p.check", new { user, ticket }, timeout.Token).ConfigureAwait(false);
            if (result.Valid && result.Claims is { } claims)
            {
                Remember(claims);
            }
            return result.Valid;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or NoiseException or OperationCanceledException or RemoteRpcException or ConnectionLostException)
        {
            logger.LogWarning("host.auth: the online check at the T3P {Address} failed: {Reason}", config.Address, e.Message);
            throw RpcErrors.Create(RpcErrorCodes.Unauthorized, "the T3P could not be reached to check the ticket");
        }
    }

    private void Remember(T3pTicketClaims claims)
    {
        var now = time.GetUtcNow();
        if (_validated.Count >= MaxRemembered)
        {
            foreach (var stale in _validated.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _validated.TryRemove(stale, out _);
            }
            if (_validated.Count >= MaxRemembered)
            {
                _validated.Clear();
            }
        }
        _validated[claims.Jti] = (now, claims.Exp);
    }

    private static LocalRpcException Refused(string reason) => RpcErrors.Create(RpcErrorCodes.Unauthorized, $"the ticket was not accepted: {reason}");

    private sealed record CheckAnswer(bool Valid, T3pTicketClaims? Claims);
}
