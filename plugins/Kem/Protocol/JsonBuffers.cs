using System.Buffers;
using Microsoft.Extensions.ObjectPool;

namespace Modular.Plugins.Kem.Protocol;

/// <summary>
/// Reused buffers for the JSON a served ticket writes: its launch ticket, then the broker's reply. A new buffer
/// for each was a sizeable share of what a ticket allocates.
/// </summary>
public static class JsonBuffers
{
    public static ObjectPool<ArrayBufferWriter<byte>> Pool { get; } = new DefaultObjectPool<ArrayBufferWriter<byte>>(new Policy());

    private sealed class Policy : PooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        /// <summary>Room for a ticket with a script of a few KiB; a buffer that grew past four times this is let go.</summary>
        private const int InitialBytes = 16 * 1024;

        public override ArrayBufferWriter<byte> Create() => new(InitialBytes);

        public override bool Return(ArrayBufferWriter<byte> obj)
        {
            obj.ResetWrittenCount();
            return obj.Capacity <= 4 * InitialBytes;
        }
    }
}
