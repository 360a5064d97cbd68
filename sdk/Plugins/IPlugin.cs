using Microsoft.Extensions.DependencyInjection;

namespace Modular.Sdk.Plugins;

/// <summary>
/// A plugin's entry point. The host calls <see cref="ConfigureServices"/> once, in the role it runs,
/// after scanning the plugin assembly for RPC targets (<see cref="Rpc.IRpcTarget"/>), HTTP endpoints
/// (<see cref="Http.IHttpEndpoints"/>) and CLI verbs (<see cref="Cli.ICliVerbs"/>).
/// Long-running work is an <c>IHostedService</c>; an exception from it or from here stops the host
/// (or skips the plugin when the config marks it optional).
/// </summary>
public interface IPlugin
{
    void ConfigureServices(IPluginContext context, IServiceCollection services);
}
