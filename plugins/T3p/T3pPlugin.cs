using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.T3p;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("t3p", typeof(T3pPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.T3p;

public sealed class T3pPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
