using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Plugins.T3p.Configuration;

namespace Modular.Plugins.T3p.Storage;

/// <summary>At start, forgets tickets that expired more than the maximum lifetime ago, so <c>t3p.db</c> does not grow without bound.</summary>
public sealed class TicketPruning(T3pDatabase database, T3pOptions options, TimeProvider time, ILogger<TicketPruning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pruned = database.PruneExpired(time.GetUtcNow().AddSeconds(-options.MaxLifetimeSeconds));
        if (pruned > 0)
        {
            logger.LogInformation("t3p: forgot {Count} long-expired ticket(s)", pruned);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
