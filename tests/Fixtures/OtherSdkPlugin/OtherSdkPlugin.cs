using Fixtures.OtherSdkPlugin;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("othersdk", typeof(OtherSdkPlugin))]

namespace Fixtures.OtherSdkPlugin;

public sealed class OtherSdkPlugin : IPlugin
{
    public void ConfigureServices(object context, IServiceCollection services)
    {
    }
}
