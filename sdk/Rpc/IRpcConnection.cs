using System.Net;
using System.Security.Claims;

namespace Modular.Sdk.Rpc;

/// <summary>The JSON-RPC connection the current call arrived on (scoped: one per connection).</summary>
public interface IRpcConnection
{
    /// <summary>A short id for logs, unique within the process.</summary>
    string Id { get; }

    /// <summary>The peer's address and port.</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>
    /// Who the peer is. Unauthenticated peers have an identity with no name; a valid admin bearer
    /// token adds the role <see cref="RpcRoles.Admin"/>.
    /// </summary>
    ClaimsPrincipal Principal { get; set; }

    /// <summary>The peer's Noise static public key when the connection is Noise-secured; otherwise null.</summary>
    ReadOnlyMemory<byte>? PeerStaticKey { get; }

    /// <summary>Signalled when the connection has closed, for whatever reason.</summary>
    CancellationToken Closed { get; }

    /// <summary>Sends a JSON-RPC notification to the peer. Throws if the connection is gone.</summary>
    Task NotifyAsync(string method, object? parameters);

    /// <summary>Closes the connection.</summary>
    void Close();
}
