using System.Net;
using Microsoft.AspNetCore.Builder;
using Modular.Sdk.Listeners;

namespace Modular.Host.Hosting;

/// <summary>
/// A listener a plugin asked for: raw TCP served by <see cref="HandlerType"/>, or HTTP served by
/// <see cref="ConfigureHttp"/> (over TLS when <see cref="Tls"/> is set).
/// </summary>
public sealed record ListenerDeclaration(
    string PluginId,
    string Name,
    IPEndPoint EndPoint,
    Type? HandlerType,
    Action<IApplicationBuilder>? ConfigureHttp,
    TlsCertificateFiles? Tls)
{
    public string Describe() => $"plugin '{PluginId}' listener '{Name}' ({EndPoint})";
}
