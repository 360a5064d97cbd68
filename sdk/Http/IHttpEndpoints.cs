using Microsoft.AspNetCore.Routing;

namespace Modular.Sdk.Http;

/// <summary>
/// Minimal-API routes a plugin serves on the host's shared HTTP listener (the one of <c>/rpc</c>),
/// under <c>/{RoutePrefix}/</c>. Resolved from DI, so an implementation can read its options.
/// </summary>
public interface IHttpEndpoints
{
    /// <summary>The first path segment of every route; null means the plugin id.</summary>
    string? RoutePrefix => null;

    /// <summary>Maps the routes onto <paramref name="routes"/>, which already carries the prefix.</summary>
    void Map(IEndpointRouteBuilder routes);
}
