namespace Modular.Plugins.Htx.Tests;

/// <summary>One site shared by the tests of a class (they run one after another), with a bucket too big to run dry.</summary>
public sealed class HtxSiteFixture : IAsyncLifetime
{
    public HtxSite Site { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Site = await HtxSite.StartAsync(new() { ["rateLimit"] = new { capacity = 100000, refillPerSecond = 1 } });

    public async Task DisposeAsync() => await Site.DisposeAsync();
}
