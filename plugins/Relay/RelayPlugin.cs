using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Relay;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("relay", typeof(RelayPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Relay;

public sealed class RelayPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
