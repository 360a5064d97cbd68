using Microsoft.Extensions.DependencyInjection;
using Modular.Plugins.T3p;
using Modular.Plugins.T3p.Configuration;
using Modular.Plugins.T3p.Passwords;
using Modular.Plugins.T3p.Server;
using Modular.Plugins.T3p.Storage;
using Modular.Plugins.T3p.Tickets;
using Modular.Sdk.Plugins;

[assembly: ModularPlugin("t3p", typeof(T3pPlugin), Roles = PluginRoles.Server | PluginRoles.Client)]

namespace Modular.Plugins.T3p;

/// <summary>
/// The trusted third party: password and session-ticket logins, session and service tickets
/// (PASETO v4.public), delegation, revocation, over the host's Noise RPC transport. The client role
/// only adds the CLI verbs (login, ticket, revoke, logout).
/// </summary>
public sealed class T3pPlugin : IPlugin
{
    public void ConfigureServices(IPluginContext context, IServiceCollection services)
    {
        var options = context.BindConfig<T3pOptions>();
        var acl = options.Validate();
        if (context.Role != PluginRoles.Server)
        {
            return;
        }
        var database = new T3pDatabase(Path.Combine(context.DataDirectory, options.Database));
        database.RevokeAllConnectionBound();
        services.AddSingleton(options);
        services.AddSingleton(acl);
        services.AddSingleton(database);
        services.AddSingleton(T3pSigningKey.ReadOrCreate(context.DataDirectory));
        var hasher = new Argon2PasswordHasher(options.Argon2MemoryKiB, options.Argon2Iterations);
        hasher.PrepareDummy();
        services.AddSingleton(hasher);
        services.AddSingleton(new LoginThrottle(context.State, options));
        services.AddSingleton<TicketIssuer>();
        services.AddSingleton<T3pAuthority>();
        services.AddHostedService<TicketPruning>();
    }
}
