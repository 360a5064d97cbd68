using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Proxy;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("proxy", typeof(ProxyPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Proxy;

public sealed class ProxyPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
