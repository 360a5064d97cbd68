using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Kem;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("kem", typeof(KemPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Kem;

public sealed class KemPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
