using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Modular.Host.Transport;

/// <summary>
/// Kestrel's memory pool factory, except while <see cref="RawTcpTransportFactory"/> binds a plugin TCP
/// listener: Kestrel's socket transport creates a listener's pools synchronously inside its bind, so a
/// flag set around that call picks <see cref="LargeBlockMemoryPool"/> for that listener alone. HTTP and
/// <c>/rpc</c> keep Kestrel's 4 KiB pinned blocks: a slow HTTP client then holds 4 KiB, not 64.
/// </summary>
internal sealed class ListenerMemoryPoolFactory(IMemoryPoolFactory<byte> kestrel) : IMemoryPoolFactory<byte>
{
    private static readonly AsyncLocal<bool> LargeBlocks = new();

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) =>
        LargeBlocks.Value ? new LargeBlockMemoryPool() : kestrel.Create(options);

    /// <summary>Pools created until the returned scope is disposed, on this flow, have 64 KiB blocks.</summary>
    public static IDisposable LargeBlocksScope()
    {
        LargeBlocks.Value = true;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => LargeBlocks.Value = false;
    }
}
