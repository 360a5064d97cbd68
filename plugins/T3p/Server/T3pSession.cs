using Modular.Plugins.T3p.Tickets;

namespace Modular.Plugins.T3p.Server;

/// <summary>A successful <c>t3p.auth</c> on one connection: who, and what new tickets are cut from.</summary>
public sealed class T3pSession(string user, TicketParent parent, bool byPassword)
{
    public string User { get; } = user;

    /// <summary>The login, or the session ticket the connection holds (logged in with, or acquired after a password login).</summary>
    public TicketParent Parent { get; set; } = parent;

    public bool ByPassword { get; } = byPassword;

    /// <summary>A password login that holds no session ticket: its tickets die with the connection (seed step 2).</summary>
    public bool TicketsDieWithConnection => ByPassword && Parent.Ticket is null;
}
