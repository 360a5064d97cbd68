using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
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
        routes.MapPost("client/{ticket}/ticket", async (string ticket, HttpContext http, [FromServices] TicketBroker tickets) =>
        {
            try
            {
                var request = await ReadBodyAsync<ClientTicketRequest>(http, broker.MaxRequestBytes).ConfigureAwait(false);
                var envelope = await tickets.ServeClientTicketAsync(ticket, request, http.RequestAborted).ConfigureAwait(false);
                return new EnvelopeReplyResult(envelope);
            }
            catch (BrokerException e)
            {
                return Error(e);
            }
        });
        routes.MapPost("tunnel/ticket", async (HttpContext http, [FromServices] TicketBroker tickets) =>
        {
            try
            {
                if (!tickets.IsTunnelServer(http.Request.Headers.Authorization))
                {
                    throw new BrokerException(StatusCodes.Status401Unauthorized, "A tunnel token is required.");
                }
                var request = await ReadBodyAsync<TunnelTicketRequest>(http, broker.MaxRequestBytes).ConfigureAwait(false);
                var result = await tickets.ServeTunnelAsync(request, http.RequestAborted).ConfigureAwait(false);
                return Results.Json(new BrokerReply<object>(result), KemJson.Options);
            }
            catch (BrokerException e)
            {
                return Error(e);
            }
        });
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpContext http, int maxBytes) where T : class
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, KemJson.Options, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
        }
        catch (BadHttpRequestException)
        {
            throw new BrokerException(StatusCodes.Status400BadRequest, $"The request body is larger than {maxBytes} bytes.");
        }
    }

    private static IResult Error(BrokerException e) =>
        Results.Json(new BrokerReply<object>(null, e.ToError()), KemJson.Options, statusCode: e.Status);
}
