using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Transfer;

/// <summary>
/// Seals frames of one direction onto a stream. Two frame buffers take turns: a frame is sealed while the
/// one before it is still being written, so encryption overlaps the network instead of waiting for it.
/// </summary>
public sealed class FrameWriter(Stream stream, byte[] key) : IDisposable
{
    private readonly AesGcm _aes = new(key, FrameCodec.TagSize);
    private readonly byte[] _plain = new byte[FrameCodec.MaxPlaintext];
    private readonly byte[][] _frames = [NewFrameBuffer(), NewFrameBuffer()];
    private int _nextFrame;
    private Task _writing = Task.CompletedTask;
    private ulong _counter;

    /// <summary>Writes a control message and waits until it is written: the peer is about to act on it.</summary>
    public async Task WriteControlAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        await WriteAsync(FrameType.Control, JsonSerializer.SerializeToUtf8Bytes(message, RelayJson.Options), cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Seals a frame and starts writing it; returns once the frame before it is written, so
    /// <paramref name="payload"/> may be reused at once and at most one write is in flight.
    /// </summary>
    public async Task WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length + 1 > FrameCodec.MaxPlaintext)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), $"a frame holds at most {FrameCodec.MaxPlaintext - 1} bytes");
        }
        var plainLength = payload.Length + 1;
        _plain[0] = (byte)type;
        payload.Span.CopyTo(_plain.AsSpan(1));
        var frame = _frames[_nextFrame];
        _nextFrame ^= 1;
        var length = Seal(frame, plainLength);
        await _writing.ConfigureAwait(false);
        _writing = stream.WriteAsync(frame.AsMemory(0, length), cancellationToken).AsTask();
    }

    /// <summary>Waits until every frame is written; a failed write surfaces here or at the next <see cref="WriteAsync"/>.</summary>
    public Task FlushAsync() => _writing;

    private static byte[] NewFrameBuffer() => new byte[FrameCodec.HeaderSize + FrameCodec.MaxPlaintext + FrameCodec.TagSize];

    private int Seal(byte[] frame, int plainLength)
    {
        Span<byte> nonce = stackalloc byte[FrameCodec.NonceSize];
        FrameCodec.WriteNonce(nonce, _counter++);
        var body = plainLength + FrameCodec.TagSize;
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body);
        var cipher = frame.AsSpan(FrameCodec.HeaderSize, plainLength);
        var tag = frame.AsSpan(FrameCodec.HeaderSize + plainLength, FrameCodec.TagSize);
        _aes.Encrypt(nonce, _plain.AsSpan(0, plainLength), cipher, tag);
        return FrameCodec.HeaderSize + body;
    }

    public void Dispose() => _aes.Dispose();
}
