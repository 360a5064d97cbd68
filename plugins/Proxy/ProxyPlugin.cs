using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Proxy;
using Modular.Plugins.Proxy.Client;
using Modular.Plugins.Proxy.Server;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin(ProxyPlugin.Id, typeof(ProxyPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Modular.Plugins.Proxy.Tests")]

namespace Modular.Plugins.Proxy;

/// <summary>
/// The reverse socket proxy. Server role: public HTTP and TLS ports routed by Host / SNI to subscribed
/// clients, which connect back on the data port. Client role: subscribes and serves local addresses.
/// </summary>
public sealed class ProxyPlugin : IPlugin
{
    public const string Id = "proxy";
    public const string HttpListener = "http";
    public const string TlsListener = "tls";
    public const string DataListener = "data";

    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        if (context.Role == PluginRoles.Client)
        {
            var client = context.BindConfig<ProxyClientOptions>();
            services.AddSingleton(client);
            services.AddSingleton(client.Validate());
            services.AddSingleton<ClientTunnels>();
            services.AddHostedService<ProxyClientService>();
            return;
        }

        var options = context.BindConfig<ProxyServerOptions>();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(new RegistrationStore(context.State));
        services.AddSingleton<RouteTable>();
        services.AddSingleton<ConnectBackOffers>();
        services.AddSingleton<TunnelDispatcher>();
        context.AddTcpListener<HttpConnectionHandler>(HttpListener, options.HttpListen);
        context.AddTcpListener<TlsConnectionHandler>(TlsListener, options.TlsListen);
        context.AddTcpListener<DataConnectionHandler>(DataListener, options.DataListen);
    }
}
