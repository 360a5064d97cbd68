namespace Modular.Plugins.Kem.Protocol;

/// <summary>Where the client dials its tunnel, and the one-use tunnel ticket it presents there.</summary>
public sealed record TunnelPointer(string Host, int Port, string Ticket);
