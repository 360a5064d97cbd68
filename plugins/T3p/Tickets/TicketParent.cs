using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tickets;

/// <summary>
/// What a new ticket is cut from: a password login (no limits but the server's, the user's roles,
/// every flag: the seed's exception for the initial session) or a parent ticket.
/// </summary>
public sealed record TicketParent(string Subject, string Domain, T3pTicketClaims? Ticket, IReadOnlyList<string> Roles, IReadOnlyList<string> Flags)
{
    public static TicketParent Login(string subject, string domain, IReadOnlyList<string> roles) => new(subject, domain, null, roles, T3pFlags.All);

    public static TicketParent From(T3pTicketClaims ticket) => new(ticket.Sub, ticket.Dom, ticket, ticket.Rol, ticket.Flg);

    public bool Has(string flag) => Flags.Contains(flag);
}
