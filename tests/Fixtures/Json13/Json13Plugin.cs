using Fixtures.Json13;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("json13", typeof(Json13Plugin))]

namespace Fixtures.Json13;

public sealed class Json13Plugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
    }
}
