using System.Text.Json;

namespace Modular.Plugins.Kem.Broker;

/// <summary>A client ticket in the state store, under <c>ticket:&lt;ticket&gt;</c>.</summary>
public sealed record StoredTicket(string Scrambler, string Script, JsonElement Params, TunnelSpec? Tunnel);
