using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Htx.Options;
using Modular.Plugins.Htx.Server;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("htx", typeof(Modular.Plugins.Htx.HtxPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Htx;

/// <summary>
/// Betanet 1.1 §5.2 access tickets. Server: a front door that serves a decoy to everyone and the upstream only to
/// requests with a valid ticket. Client: <see cref="HtxTicketHandler"/> and <c>modular htx get</c>.
/// </summary>
public sealed class HtxPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        var options = context.BindConfig<HtxOptions>();
        if (context.Role != PluginRoles.Server)
        {
            // The client side is HtxTicketHandler (any HttpClient may use it) and `modular htx get`: nothing to serve.
            return;
        }
        var settings = HtxSettings.Validate(options, context);
        services.AddSingleton(settings);
        services.AddHttpForwarder();
        services.AddSingleton<HtxMetrics>();
        services.AddSingleton(sp => new PrefixRateLimiter(settings.BucketCapacity, settings.BucketRefillPerSecond, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ReplayGuard(context.State, settings.ReplayWindow, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FrontDoor>();
        context.AddHttpListener("front", settings.Listen, app => app.ApplicationServices.GetRequiredService<FrontDoor>().Configure(app), settings.Tls);
    }
}
