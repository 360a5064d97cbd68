using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Relay;
using Modular.Plugins.Relay.Server;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin(RelayPlugin.Id, typeof(RelayPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Relay;

/// <summary>
/// The PAKE relay. Server role: the join/channel routes and one TCP listener per <c>tcpListen</c> entry.
/// Client role: only the <c>modular relay send|receive</c> verbs, which need no service.
/// </summary>
public sealed class RelayPlugin : IPlugin
{
    public const string Id = "relay";

    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        var options = context.BindConfig<RelayOptions>();
        options.Validate();
        services.AddSingleton(options);
        if (context.Role != PluginRoles.Server)
        {
            return;
        }
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<RelayPorts>();
        for (var i = 0; i < options.TcpListen.Count; i++)
        {
            context.AddTcpListener<RelayConnectionHandler>(RelayPorts.ListenerName(i), options.TcpListen[i]);
        }
    }
}
