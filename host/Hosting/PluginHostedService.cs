using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Host.Loading;

namespace Modular.Host.Hosting;

/// <summary>
/// Wraps a plugin's hosted service so that a failure to start names the plugin, and an optional
/// plugin's failure is a warning instead of the end of the host.
/// </summary>
public sealed class PluginHostedService(string pluginId, bool optional, IHostedService inner, ILogger logger) : IHostedService
{
    private bool _started;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.StartAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!optional)
            {
                throw new PluginLoadException(pluginId, $"failed to start: {e.Message}", e);
            }
            logger.LogWarning("plugin '{Plugin}' is optional and failed to start, continuing without it: {Reason}", pluginId, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _started ? inner.StopAsync(cancellationToken) : Task.CompletedTask;
}
