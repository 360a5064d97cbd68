using System.Text.Json;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>The plaintext of a client ticket envelope: the signed script, its params, and the tunnel when there is one.</summary>
public sealed record LaunchTicket(string Script, string Type, string SignatureAlgorithm, string Signature, JsonElement Params, TunnelPointer? Tunnel);
