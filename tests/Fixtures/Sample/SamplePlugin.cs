using Fixtures.Sample;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("sample", typeof(SamplePlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Fixtures.Sample;

public sealed class SamplePlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        var options = context.BindConfig<SampleOptions>();
        if (options.Fail == "configure")
        {
            throw new InvalidOperationException("configured to fail in ConfigureServices");
        }
        services.AddSingleton(options);
        // As libraries do (YARP's AddHttpForwarder, for one): a plugin must not replace the host's clock this way.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(context.State);
        if (options.Fail == "start")
        {
            services.AddHostedService<FailingStart>();
        }
        if (options.EchoListen is not null)
        {
            context.AddTcpListener<EchoConnectionHandler>("echo", options.EchoListen);
        }
        if (options.BlockSizeListen is not null)
        {
            context.AddTcpListener<BlockSizeConnectionHandler>("block-size", options.BlockSizeListen);
        }
    }
}
