namespace Modular.Plugins.Kem.Protocol;

/// <summary>Body of <c>POST /{prefix}/client/{ticket}/ticket</c>.</summary>
public sealed record ClientTicketRequest(string? Scrambler, string? KemKyberKey, string? Hostname, string? Version);
