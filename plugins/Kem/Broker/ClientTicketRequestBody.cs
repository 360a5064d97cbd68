using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// The broker's reading of a client's ticket request (<see cref="ClientTicketRequest"/> on the wire), with the
/// key decoded as the body is read.
/// </summary>
public sealed record ClientTicketRequestBody(string? Scrambler, Base64Field? KemKyberKey, string? Hostname, string? Version);
