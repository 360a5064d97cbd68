using Microsoft.Extensions.Logging;
using Modular.Plugins.T3p.Storage;
using Modular.Plugins.T3p.Tickets;
using Modular.Sdk.Plugins;
using Modular.Sdk.Rpc;
using Modular.Sdk.T3p;
using StreamJsonRpc;

namespace Modular.Plugins.T3p.Server;

/// <summary>
/// The <c>t3p.*</c> methods, one instance per connection. Every method needs a Noise session (-32003
/// otherwise); <c>info</c>, <c>check</c>, <c>derive</c> and <c>srv</c> queries of <c>get</c> act for the
/// caller's static key, the rest need a successful <c>auth</c> on the connection.
/// </summary>
[PluginRole(PluginRoles.Server)]
public sealed class T3pRpcTarget : IRpcTarget
{
    private readonly T3pAuthority _t3p;
    private readonly IRpcConnection _connection;
    private T3pSession? _session;
    private int _generation;
    private bool _closeHooked;

    public T3pRpcTarget(T3pAuthority t3p, IRpcConnection connection)
    {
        _t3p = t3p;
        _connection = connection;
    }

    /// <summary>
    /// Logs in with a password or a session ticket. Unknown user, wrong password and an unusable
    /// ticket all give -32010 "authentication failed"; a second call ends the previous session first.
    /// </summary>
    public async Task<AuthResult> AuthAsync(string user, string domain, string? password = null, string? sessionTicket = null, CancellationToken cancellationToken = default)
    {
        var callerKey = CallerKey();
        EndSession();
        if ((password is null) == (sessionTicket is null))
        {
            throw RpcErrors.InvalidParams("give exactly one of password and sessionTicket");
        }
        if (user.Length == 0 || user.Contains('@') || user.Any(char.IsWhiteSpace))
        {
            throw RpcErrors.InvalidParams("user is a name without '@' or spaces; the domain goes in domain");
        }
        if (!_t3p.Options.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            throw RpcErrors.Create(T3pErrors.UnknownDomain, $"this T3P does not serve the domain '{domain}'");
        }
        var name = $"{user}@{domain}".ToLowerInvariant();
        var ip = _connection.RemoteEndPoint.Address.ToString();
        var delay = await _t3p.Throttle.DelayForAsync(name, ip, cancellationToken).ConfigureAwait(false);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _t3p.Time, cancellationToken).ConfigureAwait(false);
        }

        var account = _t3p.Database.FindUser(name);
        var session = password is not null
            ? LoginWithPassword(name, password, account)
            : LoginWithTicket(name, sessionTicket!, account, callerKey);
        if (session is null)
        {
            await _t3p.Throttle.RecordFailureAsync(name, ip, cancellationToken).ConfigureAwait(false);
            _t3p.Logger.LogInformation("t3p {Connection}: login as {User} failed", _connection.Id, name);
            throw RpcErrors.Create(T3pErrors.AuthFailed, "authentication failed");
        }
        await _t3p.Throttle.RecordSuccessAsync(name, cancellationToken).ConfigureAwait(false);
        _session = session;
        return new AuthResult(name, account!.Roles, account.Groups);
    }

    /// <summary>A session or service ticket cut from the connection's login or session ticket (ONLY-INTERSECTION).</summary>
    public IssuedTicket AcquireTicket(string kind, string? service = null, List<LifetimeOption>? lifetime = null, RenewOption? renew = null,
        List<T3pDelegate>? delegates = null, List<string>? roles = null, List<string>? flags = null, int? vchkSeconds = null)
    {
        var callerKey = CallerKey();
        var session = RequireSession();
        if (session.Parent.Ticket is { } parent)
        {
            RequireLive(parent);
        }
        var request = new TicketRequest(kind, service, lifetime, renew, delegates, roles, flags, vchkSeconds);
        var issued = _t3p.Issuer.Issue(session.Parent, request, callerKey, ConnectionTag(), session.TicketsDieWithConnection && kind != T3pTicketClaims.SessionKind);
        if (kind == T3pTicketClaims.SessionKind && session.TicketsDieWithConnection)
        {
            session.Parent = TicketParent.From(issued.Claims);
        }
        return issued;
    }

    /// <summary>Revokes one of the logged-in user's tickets for good (and with it every ticket derived from it).</summary>
    public RevokeResult Revoke(string id)
    {
        CallerKey();
        var session = RequireSession();
        var ticket = _t3p.Database.FindTicket(id);
        if (ticket is null || ticket.Subject != session.User)
        {
            throw RpcErrors.Create(T3pErrors.Forbidden, "no ticket of yours has that id");
        }
        _t3p.Database.Revoke(id, "revoked by its user");
        _t3p.Logger.LogInformation("t3p {Connection}: {User} revoked ticket {Id}", _connection.Id, session.User, id);
        return new RevokeResult(true);
    }

    /// <summary>A new ticket like <paramref name="ticket"/> with creation time now, within its renew limit.</summary>
    public IssuedTicket Renew(string ticket)
    {
        CallerKey();
        var session = RequireSession();
        var claims = _t3p.SigningKey.Read(ticket) ?? throw InvalidTicket("the ticket is not a valid T3P ticket");
        var record = _t3p.Database.FindTicket(claims.Jti);
        if (record is null || !_t3p.Database.IsLive(claims.Jti))
        {
            throw InvalidTicket("the ticket is revoked");
        }
        if (claims.Sub != session.User)
        {
            throw RpcErrors.Create(T3pErrors.Forbidden, "the ticket belongs to another user");
        }
        return _t3p.Issuer.Renew(claims, record.Connection);
    }

    /// <summary>
    /// A narrower ticket for a service holding <paramref name="ticket"/>: the ticket must allow derive and
    /// delegate to the caller's static key (from an address its pins allow).
    /// </summary>
    public IssuedTicket Derive(string ticket, string kind, string? service = null, List<LifetimeOption>? lifetime = null, RenewOption? renew = null,
        List<T3pDelegate>? delegates = null, List<string>? roles = null, List<string>? flags = null, int? vchkSeconds = null)
    {
        var callerKey = CallerKey();
        var claims = _t3p.SigningKey.Read(ticket) ?? throw InvalidTicket("the ticket is not a valid T3P ticket");
        RequireLive(claims);
        if (!claims.Flg.Contains(T3pFlags.AllowDerive))
        {
            throw RpcErrors.Create(T3pErrors.Forbidden, "the ticket does not allow derive");
        }
        if (claims.Dlg.Count == 0 || T3pTicketChecks.Presenter(claims, callerKey, _connection.RemoteEndPoint.Address) is not null)
        {
            throw RpcErrors.Create(T3pErrors.Forbidden, "the ticket does not delegate to this caller's key");
        }
        var request = new TicketRequest(kind, service, lifetime, renew, delegates, roles, flags, vchkSeconds);
        return _t3p.Issuer.Issue(TicketParent.From(claims), request, callerKey, ConnectionTag(), bindToConnection: false);
    }

    /// <summary><c>get CATEG OBJECT ROLE PROP</c>: <c>srv NAME info pubkey</c>, <c>user NAME@DOMAIN info groups|roles</c>, as the ACL allows.</summary>
    public GetResult Get(string categ, string @object, string role, string prop)
    {
        var callerKey = CallerKey();
        if (categ == "user" && _session is null)
        {
            throw NotAuthenticated();
        }
        var subjects = new List<(string, string)> { ("srv", Convert.ToHexStringLower(callerKey)) };
        if (_session is not null)
        {
            subjects.Add(("user", _session.User));
        }
        if (!_t3p.Acl.Allows(subjects, categ, @object, role, prop))
        {
            throw RpcErrors.Create(T3pErrors.Forbidden, "the ACL does not allow this query");
        }
        return (categ, role, prop) switch
        {
            ("srv", "info", "pubkey") => new GetResult(_t3p.Options.Services.FirstOrDefault(s => s.Name == @object)?.Pubkey.ToLowerInvariant()
                ?? throw RpcErrors.InvalidParams($"no service is named '{@object}'")),
            ("user", "info", "groups") => new GetResult(FindUser(@object).Groups),
            ("user", "info", "roles") => new GetResult(FindUser(@object).Roles),
            _ => throw RpcErrors.InvalidParams("known queries: srv NAME info pubkey, user NAME info groups, user NAME info roles"),
        };
    }

    /// <summary>
    /// Called by a service over its own Noise session: is <paramref name="ticket"/> valid for
    /// <paramref name="user"/> at this caller? A user or service key mismatch revokes the ticket for good,
    /// as it may have leaked. Updates the ticket's last-validated time.
    /// </summary>
    public CheckResult Check(string user, string ticket)
    {
        var callerKey = CallerKey();
        var claims = _t3p.SigningKey.Read(ticket);
        if (claims is null || !_t3p.Database.IsLive(claims.Jti) || T3pTicketChecks.Time(claims, _t3p.Time.GetUtcNow()) is not null)
        {
            return new CheckResult(false, null);
        }
        // The same rule as the host's offline check: a service ticket, for the calling service, for this user.
        if (claims.Sub != user || T3pTicketChecks.Service(claims, callerKey) is not null)
        {
            _t3p.Database.Revoke(claims.Jti, "presented with another user or to another service");
            _t3p.Logger.LogWarning("t3p {Connection}: ticket {Id} was presented for {User} by {Caller}, which it is not for: revoked", _connection.Id, claims.Jti, user, Convert.ToHexStringLower(callerKey));
            return new CheckResult(false, null);
        }
        var delegation = claims.Dlg.FirstOrDefault(d => T3pTicketCodec.KeyEquals(d.Pubkey, callerKey));
        if (delegation?.PinNet is { Count: > 0 } pins && !pins.Any(p => p.Matches(_connection.RemoteEndPoint.Address)))
        {
            return new CheckResult(false, null);
        }
        _t3p.Database.MarkValidated(claims.Jti, _t3p.Time.GetUtcNow());
        return new CheckResult(true, claims);
    }

    /// <summary>The T3P's public keys: <c>signingKey</c> (Ed25519, for offline ticket checks) and <c>noiseKey</c>.</summary>
    public InfoResult Info()
    {
        CallerKey();
        return new InfoResult(Convert.ToHexStringLower(_t3p.SigningKey.PublicKey), Convert.ToHexStringLower(_t3p.HostKey.KeyPair.PublicKey.Span));
    }

    private T3pSession? LoginWithPassword(string name, string password, T3pUser? account) =>
        _t3p.Hasher.Verify(password, account?.PasswordHash) ? new T3pSession(name, TicketParent.Login(name, account!.Domain, account.Roles), byPassword: true) : null;

    private T3pSession? LoginWithTicket(string name, string ticket, T3pUser? account, byte[] callerKey)
    {
        var claims = _t3p.SigningKey.Read(ticket);
        var usable = account is not null && claims is { Kind: T3pTicketClaims.SessionKind } && claims.Sub == name
            && T3pTicketChecks.Time(claims, _t3p.Time.GetUtcNow()) is null
            && T3pTicketChecks.Presenter(claims, callerKey, _connection.RemoteEndPoint.Address) is null
            && _t3p.Database.IsLive(claims.Jti);
        return usable ? new T3pSession(name, TicketParent.From(claims!), byPassword: false) : null;
    }

    private void RequireLive(T3pTicketClaims claims)
    {
        if (!_t3p.Database.IsLive(claims.Jti))
        {
            throw InvalidTicket("the ticket is revoked");
        }
        if (T3pTicketChecks.Time(claims, _t3p.Time.GetUtcNow()) is { } problem)
        {
            throw InvalidTicket(problem);
        }
    }

    private T3pUser FindUser(string name) =>
        _t3p.Database.FindUser(name) ?? throw RpcErrors.InvalidParams($"no user is named '{name}'");

    private T3pSession RequireSession() => _session ?? throw NotAuthenticated();

    /// <summary>The caller's Noise static key; every t3p method needs one.</summary>
    private byte[] CallerKey() =>
        _connection.PeerStaticKey?.ToArray() ?? throw RpcErrors.Create(RpcErrorCodes.TransportRequired, "t3p needs a Noise session: connect to rpc.noiseListen");

    /// <summary>The tag connection-bound tickets of the current session carry; hooks their revocation to the connection's end.</summary>
    private string ConnectionTag()
    {
        if (!_closeHooked)
        {
            _closeHooked = true;
            _connection.Closed.Register(() => _t3p.ConnectionEnded(CurrentTag()));
        }
        return CurrentTag();
    }

    private string CurrentTag() => $"{_t3p.RunId}:{_connection.Id}:{_generation}";

    /// <summary>A second auth shuts the session down: its connection-bound tickets die with it.</summary>
    private void EndSession()
    {
        if (_session is null)
        {
            return;
        }
        _t3p.ConnectionEnded(CurrentTag());
        _generation++;
        _session = null;
    }

    private static LocalRpcException NotAuthenticated() => RpcErrors.Create(T3pErrors.NotAuthenticated, "call t3p.auth first");

    private static LocalRpcException InvalidTicket(string why) => RpcErrors.Create(T3pErrors.InvalidTicket, why);
}
