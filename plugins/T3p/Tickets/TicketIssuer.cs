using System.Security.Cryptography;
using Modular.Plugins.T3p.Configuration;
using Modular.Plugins.T3p.Storage;
using Modular.Sdk.Rpc;
using Modular.Plugins.T3p.Server;
using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tickets;

/// <summary>
/// Cuts tickets by the rule ONLY-INTERSECTION: lifetime, renew limit, roles, flags and check interval
/// are the intersection of what was asked, what the parent allows and the server's maximums. A parent
/// with <c>allow-expand</c> lifts its own limits (only the server's remain); one with
/// <c>allow-limited-expand</c> lets the lifetime reach its renew limit, which it could reach itself by renewing.
/// </summary>
public sealed class TicketIssuer(T3pDatabase database, T3pSigningKey signingKey, T3pOptions options, TimeProvider time)
{
    public const int DefaultVchkSeconds = 300;

    /// <param name="parent">The login or ticket the new ticket derives from.</param>
    /// <param name="request">What the caller asked for.</param>
    /// <param name="clientKey">The static key of the connection that asks: the new ticket is pinned to it.</param>
    /// <param name="connection">The asking connection's tag, recorded when the ticket dies with the connection.</param>
    /// <param name="bindToConnection">The ticket dies with the connection even without <c>{conn: true}</c>.</param>
    public IssuedTicket Issue(TicketParent parent, TicketRequest request, ReadOnlySpan<byte> clientKey, string connection, bool bindToConnection)
    {
        var now = Now();
        var expand = parent.Has(T3pFlags.AllowExpand);
        var limited = parent.Has(T3pFlags.AllowLimitedExpand);
        var (start, end, connBound) = Lifetime(parent.Ticket, request.Lifetime, now, expand, limited);
        var claims = new T3pTicketClaims
        {
            Jti = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Kind = Kind(request),
            Sub = parent.Subject,
            Dom = parent.Domain,
            Iat = now,
            Nbf = start,
            Exp = end,
            Vchk = Vchk(parent.Ticket, request.VchkSeconds, expand),
            Rnw = RenewLimit(parent.Ticket, request.Renew, now, expand),
            Rol = Intersect(request.Roles, parent.Roles),
            Flg = Intersect(request.Flags ?? [], expand ? T3pFlags.All : parent.Flags),
            Dlg = Delegates(request.Delegates),
            Cpk = Convert.ToHexStringLower(clientKey),
            Spk = request.Service?.ToLowerInvariant(),
            Par = parent.Ticket?.Jti,
        };
        return Store(claims, connBound || bindToConnection ? connection : null);
    }

    /// <summary>
    /// A new ticket with the claims of <paramref name="old"/>, created now, as long as before but not past
    /// the renew limit. The old ticket stays valid until it expires: revoking it would take every ticket cut from it along.
    /// </summary>
    public IssuedTicket Renew(T3pTicketClaims old, string? connection)
    {
        var now = Now();
        if (old.Rnw is not { } limit || now >= limit)
        {
            throw RpcErrors.Create(T3pErrors.RenewRefused, old.Rnw is null ? "the ticket is not renewable" : "the ticket's renew limit has passed");
        }
        var nbf = old.Nbf > now ? old.Nbf : now;
        var exp = Min(now + (old.Exp - old.Iat), limit);
        if (nbf >= exp)
        {
            throw RpcErrors.Create(T3pErrors.RenewRefused, "the renewed lifetime would be empty");
        }
        var renewed = new T3pTicketClaims
        {
            Jti = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Kind = old.Kind, Sub = old.Sub, Dom = old.Dom, Iat = now, Nbf = nbf, Exp = exp, Vchk = old.Vchk, Rnw = old.Rnw,
            Rol = old.Rol, Flg = old.Flg, Dlg = old.Dlg, Cpk = old.Cpk, Spk = old.Spk, Par = old.Par,
        };
        return Store(renewed, connection);
    }

    private IssuedTicket Store(T3pTicketClaims claims, string? connection)
    {
        database.AddTicket(new TicketRecord(claims.Jti, claims.Kind, claims.Sub, claims.Par, claims.Exp, connection, false, null));
        return new IssuedTicket(claims.Jti, signingKey.Sign(claims), claims);
    }

    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
    }

    private (DateTimeOffset Start, DateTimeOffset End, bool Conn) Lifetime(T3pTicketClaims? parent, IReadOnlyList<LifetimeOption>? lifetime, DateTimeOffset now, bool expand, bool limited)
    {
        var start = now;
        var end = now.AddSeconds(options.MaxLifetimeSeconds);
        if (parent is not null && !expand)
        {
            start = Max(start, parent.Nbf);
            end = Min(end, limited && parent.Rnw is { } renewLimit ? Max(parent.Exp, renewLimit) : parent.Exp);
        }
        var conn = false;
        foreach (var item in lifetime ?? [])
        {
            var given = (item.After is null ? 0 : 1) + (item.Until is null ? 0 : 1) + (item.For is null ? 0 : 1) + (item.Conn is null ? 0 : 1);
            if (given != 1)
            {
                throw RpcErrors.InvalidParams("each lifetime entry has exactly one of after, until, for, conn");
            }
            if (item.After is { } after)
            {
                start = Max(start, FromUnix(after, "lifetime.after"));
            }
            if (item.Until is { } until)
            {
                end = Min(end, FromUnix(until, "lifetime.until"));
            }
            if (item.For is { } seconds)
            {
                end = Min(end, now.AddSeconds(NonNegative(seconds, "lifetime.for")));
            }
            conn |= item.Conn == true;
        }
        if (start >= end)
        {
            throw RpcErrors.InvalidParams("the lifetime is empty: its start is not before its end after intersecting with the parent and the server's maximum");
        }
        return (start, end, conn);
    }

    private DateTimeOffset? RenewLimit(T3pTicketClaims? parent, RenewOption? renew, DateTimeOffset now, bool expand)
    {
        if (renew is null)
        {
            return null;
        }
        if (renew.Until is null && renew.For is null)
        {
            throw RpcErrors.InvalidParams("renew needs until or for");
        }
        var limit = now.AddSeconds(options.MaxRenewSeconds);
        if (renew.Until is { } until)
        {
            limit = Min(limit, FromUnix(until, "renew.until"));
        }
        if (renew.For is { } seconds)
        {
            limit = Min(limit, now.AddSeconds(NonNegative(seconds, "renew.for")));
        }
        if (parent is not null && !expand)
        {
            // A parent without a renew limit can be used until it expires, and no longer.
            limit = Min(limit, parent.Rnw ?? parent.Exp);
        }
        return limit;
    }

    private static int Vchk(T3pTicketClaims? parent, int? requested, bool expand)
    {
        var vchk = requested ?? DefaultVchkSeconds;
        if (vchk < 0)
        {
            throw RpcErrors.InvalidParams("vchkSeconds must not be negative");
        }
        return parent is not null && !expand ? Math.Min(vchk, parent.Vchk) : vchk;
    }

    private static string Kind(TicketRequest request)
    {
        switch (request.Kind)
        {
            case T3pTicketClaims.SessionKind when request.Service is null:
                return request.Kind;
            case T3pTicketClaims.SessionKind:
                throw RpcErrors.InvalidParams("a session ticket names no service");
            case T3pTicketClaims.ServiceKind when T3pOptions.IsKeyHex(request.Service):
                return request.Kind;
            case T3pTicketClaims.ServiceKind:
                throw RpcErrors.InvalidParams("a service ticket needs service: the service's Noise static key, 64 hex characters");
            default:
                throw RpcErrors.InvalidParams("kind must be session or service");
        }
    }

    private static List<T3pDelegate> Delegates(IReadOnlyList<T3pDelegate>? delegates)
    {
        var list = new List<T3pDelegate>();
        foreach (var delegation in delegates ?? [])
        {
            if (!T3pOptions.IsKeyHex(delegation.Pubkey))
            {
                throw RpcErrors.InvalidParams("a delegate's pubkey must be 64 hex characters");
            }
            if (delegation.PinNet?.Select(p => p.Problem()).FirstOrDefault(p => p is not null) is { } problem)
            {
                throw RpcErrors.InvalidParams(problem);
            }
            list.Add(new T3pDelegate { Pubkey = delegation.Pubkey.ToLowerInvariant(), PinNet = delegation.PinNet?.ToList() });
        }
        return list;
    }

    private static List<string> Intersect(IReadOnlyList<string>? requested, IReadOnlyList<string> allowed) =>
        requested is null ? [.. allowed] : [.. requested.Distinct(StringComparer.Ordinal).Where(allowed.Contains)];

    private static DateTimeOffset FromUnix(long seconds, string what) =>
        seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : throw RpcErrors.InvalidParams($"{what} is not a unix time in seconds");

    private static long NonNegative(long seconds, string what) =>
        seconds is >= 0 and <= 100L * 365 * 24 * 3600 ? seconds : throw RpcErrors.InvalidParams($"{what} must be 0 or more seconds");

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
