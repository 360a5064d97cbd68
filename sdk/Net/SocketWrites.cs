using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Modular.Sdk.Net;

/// <summary>Socket sends that finish the job: a send may take fewer bytes than offered.</summary>
public static class SocketWrites
{
    /// <summary>Sends every byte of <paramref name="data"/> (a send may take fewer bytes than offered).</summary>
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>
    /// Sends every byte of <paramref name="data"/>; a multi-segment sequence goes in one gathered send
    /// per call (Kestrel's input arrives in blocks), <paramref name="scratch"/> holding the segment list.
    /// </summary>
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlySequence<byte> data, List<ArraySegment<byte>> scratch)
    {
        while (!data.IsEmpty)
        {
            int sent;
            if (data.IsSingleSegment || !TryGather(data, scratch))
            {
                sent = await socket.SendAsync(data.First, SocketFlags.None).ConfigureAwait(false);
            }
            else
            {
                sent = await socket.SendAsync(scratch, SocketFlags.None).ConfigureAwait(false);
            }
            data = data.Slice(sent);
        }
    }

    private static bool TryGather(ReadOnlySequence<byte> data, List<ArraySegment<byte>> scratch)
    {
        scratch.Clear();
        foreach (var memory in data)
        {
            if (!MemoryMarshal.TryGetArray(memory, out var segment))
            {
                return false;
            }
            scratch.Add(segment);
        }
        return true;
    }
}
