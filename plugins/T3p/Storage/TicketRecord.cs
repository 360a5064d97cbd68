namespace Modular.Plugins.T3p.Storage;

/// <summary>What the T3P remembers of a ticket it issued: enough to revoke it, walk its parents and track validations.</summary>
public sealed record TicketRecord(string Jti, string Kind, string Subject, string? Parent, DateTimeOffset Expires, string? Connection, bool Revoked, DateTimeOffset? LastValidated);
