using System.Net;

namespace Modular.Sdk.T3p;

/// <summary>The offline checks of a ticket that need no T3P: time, presenter key and pins, service key.</summary>
public static class T3pTicketChecks
{
    /// <summary>Null when <paramref name="now"/> lies in [nbf, exp); else why not.</summary>
    public static string? Time(T3pTicketClaims claims, DateTimeOffset now) =>
        now < claims.Nbf ? "the ticket is not valid yet"
        : now >= claims.Exp ? "the ticket has expired"
        : null;

    /// <summary>
    /// Null when <paramref name="presenterKey"/> may present the ticket from <paramref name="presenterAddress"/>:
    /// one of the delegates (and one of its pins, if any) when the ticket names delegates, else the pinned client key.
    /// </summary>
    public static string? Presenter(T3pTicketClaims claims, ReadOnlySpan<byte> presenterKey, IPAddress presenterAddress)
    {
        if (claims.Dlg.Count == 0)
        {
            return T3pTicketCodec.KeyEquals(claims.Cpk, presenterKey) ? null : "the ticket is pinned to another client key";
        }
        foreach (var delegation in claims.Dlg)
        {
            if (T3pTicketCodec.KeyEquals(delegation.Pubkey, presenterKey))
            {
                return delegation.PinNet is not { Count: > 0 } pins || pins.Any(p => p.Matches(presenterAddress))
                    ? null
                    : "the delegate's network pins do not match the presenter's address";
            }
        }
        return "the presenter's key is not one of the ticket's delegates";
    }

    /// <summary>Null when the ticket is a service ticket for <paramref name="serviceKey"/>.</summary>
    public static string? Service(T3pTicketClaims claims, ReadOnlySpan<byte> serviceKey) =>
        claims.Kind != T3pTicketClaims.ServiceKind ? "not a service ticket"
        : !T3pTicketCodec.KeyEquals(claims.Spk, serviceKey) ? "the ticket is for another service"
        : null;
}
