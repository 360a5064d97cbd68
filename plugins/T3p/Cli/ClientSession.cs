namespace Modular.Plugins.T3p.Cli;

/// <summary>What <c>modular t3p login</c> keeps in the user's config directory: where the T3P is, the session ticket, and what was issued under it.</summary>
public sealed class ClientSession
{
    public string T3p { get; set; } = "";

    public string T3pKey { get; set; } = "";

    public string User { get; set; } = "";

    public string KeyFile { get; set; } = "";

    public string SessionId { get; set; } = "";

    public string SessionTicket { get; set; } = "";

    /// <summary>Ids of the service tickets acquired with <c>modular t3p ticket</c>; <c>logout</c> revokes them.</summary>
    public List<string> Issued { get; set; } = [];
}
