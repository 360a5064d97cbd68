using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Htx;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("htx", typeof(HtxPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Htx;

public sealed class HtxPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
