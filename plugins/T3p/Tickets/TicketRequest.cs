using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tickets;

/// <summary>The options of <c>t3p.acquireTicket</c> and <c>t3p.derive</c>.</summary>
public sealed record TicketRequest(
    string Kind,
    string? Service,
    IReadOnlyList<LifetimeOption>? Lifetime,
    RenewOption? Renew,
    IReadOnlyList<T3pDelegate>? Delegates,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Flags,
    int? VchkSeconds);
