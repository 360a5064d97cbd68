namespace Modular.Plugins.Kem.Broker;

/// <summary>Result of <c>kem.createTicket</c>: what the user hands to <c>modular kem launch</c>.</summary>
public sealed record CreatedTicket(string Ticket, string Scrambler);
