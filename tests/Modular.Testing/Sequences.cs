using System.Buffers;

namespace Modular.Testing;

/// <summary>Builds multi-segment sequences, as a pipe holds bytes that arrived in separate TCP segments.</summary>
public static class Sequences
{
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> bytes, int segmentLength)
    {
        if (bytes.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentLength)
        {
            var chunk = bytes.Slice(offset, Math.Min(segmentLength, bytes.Length - offset)).ToArray();
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
