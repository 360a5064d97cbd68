using Microsoft.Extensions.Hosting;

namespace Fixtures.Sample;

public sealed class FailingStart : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("configured to fail at start");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
