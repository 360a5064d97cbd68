using System.Net;
using System.Security.Claims;
using Modular.Sdk.Rpc;
using StreamJsonRpc;

namespace Modular.Host.Rpc;

/// <summary>One JSON-RPC connection, as plugins see it through <see cref="IRpcConnection"/>.</summary>
public sealed class RpcConnection(string id, IPEndPoint remoteEndPoint, ClaimsPrincipal principal, ReadOnlyMemory<byte>? peerStaticKey = null)
    : IRpcConnection, IDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private JsonRpc? _rpc;
    private Action? _close;

    public string Id { get; } = id;

    public IPEndPoint RemoteEndPoint { get; } = remoteEndPoint;

    public ClaimsPrincipal Principal { get; set; } = principal;

    public ReadOnlyMemory<byte>? PeerStaticKey { get; } = peerStaticKey;

    public CancellationToken Closed => _closed.Token;

    public void Attach(JsonRpc rpc, Action close)
    {
        _rpc = rpc;
        _close = close;
    }

    public Task NotifyAsync(string method, object? parameters)
    {
        var rpc = _rpc ?? throw new InvalidOperationException("the connection is not open yet");
        return parameters is null ? rpc.NotifyAsync(method) : rpc.NotifyWithParameterObjectAsync(method, parameters);
    }

    public void Close() => _close?.Invoke();

    public void MarkClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A plugin's callback on Closed threw; each callback logs its own failures.
        }
    }

    public void Dispose() => _closed.Dispose();
}
