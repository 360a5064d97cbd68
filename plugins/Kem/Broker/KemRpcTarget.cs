using System.Text.Json;
using Modular.Sdk.Plugins;
using Modular.Sdk.Rpc;

namespace Modular.Plugins.Kem.Broker;

/// <summary>The broker's admin RPC: <c>kem.createTicket</c>.</summary>
[PluginRole(PluginRoles.Server)]
public sealed class KemRpcTarget(TicketBroker? broker = null) : IRpcTarget
{
    /// <summary>Application error: this host runs no broker.</summary>
    public const int BrokerNotConfigured = 4001;

    /// <summary>
    /// Creates a client ticket for <paramref name="script"/> with <paramref name="params"/>, optionally with a
    /// tunnel, valid <paramref name="ttlSeconds"/> (default <c>broker.ticketTtlSeconds</c>).
    /// </summary>
    [AdminOnly]
    public async Task<CreatedTicket> CreateTicketAsync(string script, JsonElement? @params = null, TunnelSpec? tunnel = null, int? ttlSeconds = null,
        CancellationToken cancellationToken = default)
    {
        if (broker is null)
        {
            throw RpcErrors.Create(BrokerNotConfigured, "this host runs no kem broker (the kem config has no broker section)");
        }
        try
        {
            return await broker.CreateAsync(script, @params, tunnel, ttlSeconds, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw RpcErrors.InvalidParams(e.Message);
        }
    }
}
