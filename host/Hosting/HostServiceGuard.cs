using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modular.Host.Hosting;

/// <summary>
/// Decides which of a plugin's registrations reach the host's container. A plugin registers into a
/// collection of its own, and libraries register shared services with TryAdd there (YARP's
/// AddHttpForwarder adds TimeProvider.System, AddLogging a LoggerFactory): appended to the host's
/// collection they would replace the host's clock or logging for every plugin. So a service type the
/// host already has keeps the host's registration, except the types meant to be registered many times,
/// which are added unless the same implementation is already there. Types from a plugin's private
/// packages never collide: its load context gives them an identity of their own.
/// </summary>
public sealed class HostServiceGuard(IServiceCollection hostServices)
{
    private static readonly Type[] ManyPerType =
    [
        typeof(IHostedService),
        typeof(IStartupFilter),
        typeof(ILoggerProvider),
        typeof(IConfigureOptions<>),
        typeof(IPostConfigureOptions<>),
        typeof(IValidateOptions<>),
        typeof(IOptionsChangeTokenSource<>),
    ];

    private readonly HashSet<Type> _registered = hostServices.Select(d => d.ServiceType).ToHashSet();

    /// <summary>
    /// The plugin's registrations that may join the host's. What is admitted then counts as registered
    /// for the plugins after it (a plugin may still register several implementations among its own).
    /// </summary>
    public IReadOnlyList<ServiceDescriptor> Admit(IServiceCollection pluginServices)
    {
        var admitted = pluginServices.Where(Admits).ToList();
        _registered.UnionWith(admitted.Select(d => d.ServiceType));
        return admitted;
    }

    private bool Admits(ServiceDescriptor descriptor)
    {
        if (descriptor.IsKeyedService)
        {
            return true;
        }
        var type = descriptor.ServiceType;
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (ManyPerType.Contains(definition))
        {
            return descriptor.ImplementationType is null
                || !hostServices.Any(d => d.ServiceType == type && d.ImplementationType == descriptor.ImplementationType);
        }
        return !_registered.Contains(type);
    }
}
