using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Transfer;

/// <summary>Opens frames of one direction from a stream. A payload is valid until the next read.</summary>
public sealed class FrameReader(Stream stream, byte[] key) : IDisposable
{
    private readonly AesGcm _aes = new(key, FrameCodec.TagSize);
    private readonly byte[] _frame = new byte[FrameCodec.MaxPlaintext + FrameCodec.TagSize];
    private readonly byte[] _plain = new byte[FrameCodec.MaxPlaintext];
    private readonly byte[] _header = new byte[FrameCodec.HeaderSize];
    private ulong _counter;

    /// <summary>
    /// The next frame, or null when the peer closed cleanly between frames. Throws
    /// <see cref="TransferException"/> for a length out of range, a cut frame or a failed tag.
    /// </summary>
    public async Task<(FrameType Type, ReadOnlyMemory<byte> Payload)?> ReadAsync(CancellationToken cancellationToken)
    {
        var got = await stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }
        if (got < _header.Length)
        {
            throw new TransferException("the connection closed in the middle of a frame");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
        if (length < FrameCodec.TagSize + 1 || length > FrameCodec.MaxPlaintext + FrameCodec.TagSize)
        {
            throw new TransferException($"frame length {length} is out of range");
        }
        var body = (int)length;
        if (await stream.ReadAtLeastAsync(_frame.AsMemory(0, body), body, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < body)
        {
            throw new TransferException("the connection closed in the middle of a frame");
        }
        var plainLength = body - FrameCodec.TagSize;
        Span<byte> nonce = stackalloc byte[FrameCodec.NonceSize];
        FrameCodec.WriteNonce(nonce, _counter++);
        try
        {
            _aes.Decrypt(nonce, _frame.AsSpan(0, plainLength), _frame.AsSpan(plainLength, FrameCodec.TagSize), _plain.AsSpan(0, plainLength));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new TransferException("a frame failed authentication: it was altered in transit");
        }
        var type = (FrameType)_plain[0];
        if (type is not (FrameType.Control or FrameType.FileData))
        {
            throw new TransferException($"unknown frame type 0x{_plain[0]:x2}");
        }
        return (type, _plain.AsMemory(1, plainLength - 1));
    }

    /// <summary>The next frame, which must be a control message.</summary>
    public async Task<ControlMessage> ReadControlAsync(CancellationToken cancellationToken)
    {
        var frame = await ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new TransferException("the peer closed the connection");
        if (frame.Type != FrameType.Control)
        {
            throw new TransferException("expected a control message, got file bytes");
        }
        return ParseControl(frame.Payload);
    }

    private static ControlMessage ParseControl(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ControlMessage>(payload.Span, RelayJson.Options)
                ?? throw new TransferException("an empty control message");
        }
        catch (JsonException)
        {
            throw new TransferException("a control message is not valid JSON");
        }
    }

    public void Dispose() => _aes.Dispose();
}
