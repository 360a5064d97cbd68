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

    /// <summary>Appends every byte of <paramref name="file"/> to <paramref name="hash"/>; returns how many there were.</summary>
    public static long Append(SafeFileHandle file, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBytes];
        long size = 0;
        int read;
        while ((read = RandomAccess.Read(file, buffer, size)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
            size += read;
        }
        return size;
    }
}
