using ExamplePlugin;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("example", typeof(ExamplePluginPlugin), Roles = PluginRoles.Server)]

namespace ExamplePlugin;

/// <summary>The plugin's entry point: binds its config and registers its services.</summary>
public sealed class ExamplePluginPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        services.AddSingleton(context.BindConfig<ExamplePluginOptions>());
    }
}
