using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.Host.Loading;

namespace Modular.Host.Hosting;

/// <summary>What a caller (the CLI, a test, a benchmark) may change about a host beyond its config file.</summary>
public sealed class ModularHostOptions
{
    /// <summary>The clock for all expiry; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public PluginLocator Locator { get; init; } = PluginLocator.Default;

    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Runs after every plugin has registered its services: the last word on DI.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
