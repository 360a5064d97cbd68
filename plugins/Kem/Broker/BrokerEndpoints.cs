using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Protocol;
using Modular.Sdk.Http;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.Kem.Broker;

/// <summary>
/// The broker's HTTP routes on the shared listener, under <c>/{broker.routePrefix}/</c>:
/// <c>POST client/{ticket}/ticket</c> for clients and <c>POST tunnel/ticket</c> for tunnel servers.
/// Nothing is mapped when the config has no <c>broker</c> section.
/// </summary>
[PluginRole(PluginRoles.Server)]
public sealed class BrokerEndpoints(KemOptions options) : IHttpEndpoints
{
    public string? RoutePrefix => options.Broker?.RoutePrefix.Trim('/');

    public void Map(IEndpointRouteBuilder routes)
    {
        if (options.Broker is not { } broker)
        {
            return;
        }
        // A plain request delegate: the busiest route skips minimal-API binding and a service scope per request.
        var tickets = routes.ServiceProvider.GetRequiredService<TicketBroker>();
        routes.MapPost("client/{ticket}/ticket", async http =>
        {
            IResult reply;
            try
            {
                var request = await BrokerRequestBody.ReadAsync<ClientTicketRequestBody>(http, broker.MaxRequestBytes).ConfigureAwait(false);
                var envelope = await tickets.ServeClientTicketAsync((string)http.GetRouteValue("ticket")!, request, http.RequestAborted).ConfigureAwait(false);
                reply = new EnvelopeReplyResult(envelope);
            }
            catch (BrokerException e)
            {
                reply = Error(e);
            }
            await reply.ExecuteAsync(http).ConfigureAwait(false);
        });
        routes.MapPost("tunnel/ticket", async (HttpContext http) =>
        {
            try
            {
                if (!tickets.IsTunnelServer(http.Request.Headers.Authorization))
                {
                    throw new BrokerException(StatusCodes.Status401Unauthorized, "A tunnel token is required.");
                }
                var request = await BrokerRequestBody.ReadAsync<TunnelTicketRequest>(http, broker.MaxRequestBytes).ConfigureAwait(false);
                var result = await tickets.ServeTunnelAsync(request, http.RequestAborted).ConfigureAwait(false);
                return Results.Json(new BrokerReply<object>(result), KemJson.Options);
            }
            catch (BrokerException e)
            {
                return Error(e);
            }
        });
    }

    private static IResult Error(BrokerException e) =>
        Results.Json(new BrokerReply<object>(null, e.ToError()), KemJson.Options, statusCode: e.Status);
}
