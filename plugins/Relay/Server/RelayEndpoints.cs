using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Modular.Plugins.Relay.Protocol;
using Modular.Sdk.Http;
using Modular.Sdk.Plugins;

namespace Modular.Plugins.Relay.Server;

/// <summary><c>POST /&lt;routePrefix&gt;/join</c> and <c>/channel</c>: JSON in, JSON out, 4xx with <c>{"error"}</c>.</summary>
[PluginRole(PluginRoles.Server)]
public sealed class RelayEndpoints(ChannelRegistry registry, RelayPorts ports, RelayOptions options) : IHttpEndpoints
{
    public string? RoutePrefix => options.RoutePrefix;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/join", (HttpContext http) => HandleAsync<JoinRequest>(http, (request, address) => registry.Join(request, address, ports.Ports)));
        routes.MapPost("/channel", (HttpContext http) => HandleAsync<ChannelRequest>(http, (request, address) => registry.Post(request, address, ports.Ports)));
    }

    private async Task HandleAsync<TRequest>(HttpContext http, Func<TRequest, IPAddress, object> handle)
    {
        IResult result;
        try
        {
            var address = http.Connection.RemoteIpAddress ?? throw new ChannelRefusedException(400, "no source address");
            var request = await ReadAsync<TRequest>(http).ConfigureAwait(false);
            result = Results.Json(handle(request, address), RelayJson.Options);
        }
        catch (ChannelRefusedException e)
        {
            result = Results.Json(new RelayError(e.Message), RelayJson.Options, statusCode: e.Status);
        }
        await result.ExecuteAsync(http).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(HttpContext http)
    {
        if (http.Request.ContentLength > options.MaxRequestBytes)
        {
            throw new ChannelRefusedException(413, $"the body is larger than {options.MaxRequestBytes} bytes");
        }
        // Pooled: /channel is polled several times a second by each waiting peer.
        var buffer = ArrayPool<byte>.Shared.Rent(options.MaxRequestBytes + 1);
        try
        {
            var length = await http.Request.Body.ReadAtLeastAsync(buffer.AsMemory(0, options.MaxRequestBytes + 1), options.MaxRequestBytes + 1, throwOnEndOfStream: false, http.RequestAborted).ConfigureAwait(false);
            if (length > options.MaxRequestBytes)
            {
                throw new ChannelRefusedException(413, $"the body is larger than {options.MaxRequestBytes} bytes");
            }
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), RelayJson.Options)
                ?? throw new ChannelRefusedException(400, "the body must be a JSON object");
        }
        catch (JsonException)
        {
            throw new ChannelRefusedException(400, "the body is not valid JSON");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
