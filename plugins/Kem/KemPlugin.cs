using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.Kem;
using Modular.Plugins.Kem.Broker;
using Modular.Plugins.Kem.Configuration;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Tunnel;
using Modular.Sdk.Config;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("kem", typeof(KemPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.Kem;

/// <summary>
/// Post-quantum broker tickets (OpenUDS 5.0 format), one-use tunnel tickets and the AES-GCM tunnel server.
/// In the server role the broker and the tunnel each run when their config section is present; the
/// client is the <c>modular kem</c> verbs (<see cref="Client.KemCliVerbs"/>).
/// </summary>
public sealed class KemPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        var options = context.BindConfig<KemOptions>();
        options.Broker?.Validate();
        options.Tunnel?.Validate();
        options.Client?.Validate();
        services.AddSingleton(options);
        services.AddSingleton<IKeyEncapsulation, BouncyCastleMlKem768>();
        if (context.Role != PluginRoles.Server)
        {
            return;
        }
        if (options.Broker is { } broker)
        {
            var scriptsDir = context.ResolvePath(broker.ScriptsDir);
            if (!Directory.Exists(scriptsDir))
            {
                throw new ConfigException($"kem: broker.scriptsDir '{scriptsDir}' is not a folder");
            }
            services.AddSingleton(broker);
            services.AddSingleton(sp => new ScriptCatalog(scriptsDir, broker.MaxScriptBytes, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TicketBroker>(sp, context.State));
        }
        if (options.Tunnel is { } tunnel)
        {
            services.AddSingleton(tunnel);
            services.AddSingleton<TunnelServerKey>();
            services.AddSingleton<TunnelBrokerClient>();
            context.AddTcpListener<TunnelConnectionHandler>("tunnel", tunnel.Listen);
        }
    }
}
