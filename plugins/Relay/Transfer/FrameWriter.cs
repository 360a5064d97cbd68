using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Transfer;

/// <summary>Seals frames of one direction onto a stream; one buffer, reused for every frame.</summary>
public sealed class FrameWriter(Stream stream, byte[] key) : IDisposable
{
    private readonly AesGcm _aes = new(key, FrameCodec.TagSize);
    private readonly byte[] _plain = new byte[FrameCodec.MaxPlaintext];
    private readonly byte[] _frame = new byte[FrameCodec.HeaderSize + FrameCodec.MaxPlaintext + FrameCodec.TagSize];
    private ulong _counter;

    public Task WriteControlAsync(ControlMessage message, CancellationToken cancellationToken) =>
        WriteAsync(FrameType.Control, JsonSerializer.SerializeToUtf8Bytes(message, RelayJson.Options), cancellationToken);

    public async Task WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length + 1 > FrameCodec.MaxPlaintext)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), $"a frame holds at most {FrameCodec.MaxPlaintext - 1} bytes");
        }
        var plainLength = payload.Length + 1;
        _plain[0] = (byte)type;
        payload.Span.CopyTo(_plain.AsSpan(1));
        var length = Seal(plainLength);
        await stream.WriteAsync(_frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    private int Seal(int plainLength)
    {
        Span<byte> nonce = stackalloc byte[FrameCodec.NonceSize];
        FrameCodec.WriteNonce(nonce, _counter++);
        var body = plainLength + FrameCodec.TagSize;
        BinaryPrimitives.WriteUInt32BigEndian(_frame, (uint)body);
        var cipher = _frame.AsSpan(FrameCodec.HeaderSize, plainLength);
        var tag = _frame.AsSpan(FrameCodec.HeaderSize + plainLength, FrameCodec.TagSize);
        _aes.Encrypt(nonce, _plain.AsSpan(0, plainLength), cipher, tag);
        return FrameCodec.HeaderSize + body;
    }

    public void Dispose() => _aes.Dispose();
}
