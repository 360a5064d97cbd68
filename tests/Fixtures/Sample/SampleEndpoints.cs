using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Modular.Sdk.Http;

namespace Fixtures.Sample;

public sealed class SampleEndpoints(SampleOptions options) : IHttpEndpoints
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/hello", () => Results.Text(options.Greeting));
        routes.MapGet("/secret", () => Results.Text("admin ok")).RequireAdmin();
        routes.MapGet("/block-size", (HttpContext http) => Results.Text($"{http.Features.Get<IMemoryPoolFeature>()?.MemoryPool?.MaxBufferSize ?? -1}"));
    }
}
