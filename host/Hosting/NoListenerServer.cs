using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Modular.Host.Hosting;

/// <summary>
/// Stands in for Kestrel when nothing is to be listened on (a client with no RPC listener), since
/// Kestrel with no endpoint would bind localhost:5000 on its own.
/// </summary>
public sealed class NoListenerServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
