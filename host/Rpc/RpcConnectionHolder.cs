using Modular.Sdk.Rpc;

namespace Modular.Host.Rpc;

/// <summary>Makes the current connection resolvable as a scoped <see cref="IRpcConnection"/>.</summary>
public sealed class RpcConnectionHolder
{
    public IRpcConnection Connection { get; set; } = null!;
}
