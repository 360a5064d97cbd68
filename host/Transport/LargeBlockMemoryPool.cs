using System.Buffers;

namespace Modular.Host.Transport;

/// <summary>
/// A memory pool of 64 KiB blocks for plugin TCP listeners. Kestrel's socket transport receives into one
/// pool block at a time, so the block size is the most a single receive can read; Kestrel's own pool has
/// 4 KiB blocks, which suits HTTP but costs a byte pump sixteen times the receives. The arrays come from
/// <see cref="ArrayPool{T}.Shared"/>, which keeps a few per core and gives the rest back to the GC under
/// memory pressure; they are not pinned, so an idle pool fragments nothing.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        // Kestrel's pipes never ask for more than MaxBufferSize; a larger request is a caller bug.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return new Block(ArrayPool<byte>.Shared.Rent(BlockSize));
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
