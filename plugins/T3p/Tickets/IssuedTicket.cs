using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tickets;

/// <summary>The result of acquire, renew and derive: the ticket's id, the token, and its claims.</summary>
public sealed record IssuedTicket(string Id, string Ticket, T3pTicketClaims Claims);
