using Fixtures.Json12;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("json12", typeof(Json12Plugin))]

namespace Fixtures.Json12;

public sealed class Json12Plugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
