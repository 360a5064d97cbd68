using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Modular.Sdk.Listeners;

namespace Modular.Host.Hosting;

/// <summary>
/// Every listener the host will bind, and once bound, where. Kestrel rewrites a
/// <see cref="ListenOptions"/>' endpoint with the real port after binding, so port 0 resolves here.
/// </summary>
public sealed class ListenerRegistry : IListenerEndpoints
{
    private readonly List<ListenerDeclaration> _declarations = [];
    private readonly Dictionary<ListenerDeclaration, ListenOptions> _bound = [];
    private ListenOptions? _rpc;

    public IReadOnlyList<ListenerDeclaration> Declarations => _declarations;

    public IPEndPoint? Rpc => _rpc?.IPEndPoint;

    public void Declare(ListenerDeclaration declaration)
    {
        if (_declarations.Any(d => d.PluginId == declaration.PluginId && d.Name == declaration.Name))
        {
            throw new InvalidOperationException($"plugin '{declaration.PluginId}' declares listener '{declaration.Name}' twice");
        }
        _declarations.Add(declaration);
    }

    public void RemovePlugin(string pluginId) => _declarations.RemoveAll(d => d.PluginId == pluginId);

    public void BindRpc(ListenOptions options) => _rpc = options;

    public void Bind(ListenerDeclaration declaration, ListenOptions options) => _bound[declaration] = options;

    public IPEndPoint Get(string pluginId, string name)
    {
        var declaration = _declarations.FirstOrDefault(d => d.PluginId == pluginId && d.Name == name)
            ?? throw new InvalidOperationException($"plugin '{pluginId}' has no listener '{name}'");
        return BoundEndPoint(declaration);
    }

    public IPEndPoint BoundEndPoint(ListenerDeclaration declaration) =>
        _bound.TryGetValue(declaration, out var options) && options.IPEndPoint is { } endPoint
            ? endPoint
            : throw new InvalidOperationException($"{declaration.Describe()} is not bound yet; the host has not started");

    /// <summary>
    /// Binds and releases each fixed port once before Kestrel starts, so that an address in use or
    /// not allowed is reported with the plugin and listener that asked for it.
    /// </summary>
    public void CheckAvailable(IPEndPoint? rpcEndPoint)
    {
        var wanted = _declarations.Select(d => (EndPoint: d.EndPoint, Owner: d.Describe())).ToList();
        if (rpcEndPoint is not null)
        {
            wanted.Insert(0, (rpcEndPoint, $"rpc.listen ({rpcEndPoint})"));
        }
        var duplicate = wanted.Where(w => w.EndPoint.Port != 0).GroupBy(w => w.EndPoint.Port).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ListenerException($"port {duplicate.Key} is configured twice: {string.Join(" and ", duplicate.Select(w => w.Owner))}");
        }
        foreach (var (endPoint, owner) in wanted.Where(w => w.EndPoint.Port != 0))
        {
            using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(endPoint);
            }
            catch (SocketException e)
            {
                throw new ListenerException($"{owner}: cannot listen on {endPoint}: {e.Message}", e);
            }
        }
    }
}
