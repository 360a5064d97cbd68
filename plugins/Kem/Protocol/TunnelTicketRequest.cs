namespace Modular.Plugins.Kem.Protocol;

/// <summary>Body of <c>POST /{prefix}/tunnel/ticket</c>, sent by tunnel servers.</summary>
public sealed record TunnelTicketRequest(string? Ticket, string? Command, string? Ip, Base64Field? KemKyberKey, long? Sent = null, long? Recv = null);
