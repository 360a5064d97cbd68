using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Modular.Sdk.Noise;

/// <summary>
/// A Noise_XK_25519_ChaChaPoly_BLAKE2s session over a byte stream: every Noise message on the wire is
/// a u16 big-endian length and the message, the prologue is <c>modular-noise-v1</c> and handshake
/// payloads are empty. After the handshake each transport message carries one application message.
/// </summary>
public sealed class NoiseChannel : IDisposable
{
    private const int FrameHeaderLength = 2;

    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly NoiseTransport _transport;

    private NoiseChannel(PipeReader reader, PipeWriter writer, NoiseTransport transport, ReadOnlyMemory<byte> remoteStaticKey)
    {
        _reader = reader;
        _writer = writer;
        _transport = transport;
        RemoteStaticKey = remoteStaticKey;
    }

    /// <summary>The prologue both sides mix into the handshake: the ASCII bytes <c>modular-noise-v1</c>.</summary>
    public static ReadOnlySpan<byte> Prologue => "modular-noise-v1"u8;

    /// <summary>The peer's static public key, authenticated by the handshake.</summary>
    public ReadOnlyMemory<byte> RemoteStaticKey { get; }

    /// <summary>Runs the XK initiator: <paramref name="serverKey"/> must be the responder's static public key, else the handshake fails.</summary>
    public static Task<NoiseChannel> ConnectAsync(PipeReader reader, PipeWriter writer, NoiseKeyPair localStatic, ReadOnlyMemory<byte> serverKey, CancellationToken cancellationToken = default) =>
        HandshakeAsync(new NoiseHandshake(NoiseHandshakePattern.XK, true, Prologue, localStatic, serverKey.Span), reader, writer, cancellationToken);

    /// <summary>Runs the XK responder and learns the initiator's static key.</summary>
    public static Task<NoiseChannel> AcceptAsync(PipeReader reader, PipeWriter writer, NoiseKeyPair localStatic, CancellationToken cancellationToken = default) =>
        HandshakeAsync(new NoiseHandshake(NoiseHandshakePattern.XK, false, Prologue, localStatic), reader, writer, cancellationToken);

    private static async Task<NoiseChannel> HandshakeAsync(NoiseHandshake handshake, PipeReader reader, PipeWriter writer, CancellationToken cancellationToken)
    {
        using (handshake)
        {
            while (!handshake.IsComplete)
            {
                if (handshake.IsMyTurn)
                {
                    await WriteFrameAsync(writer, handshake.WriteMessage([]), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                // Handshake payloads are empty, so each message has exactly one valid length.
                var expected = handshake.NextMessageLength(0);
                var message = await ReadFrameAsync(reader, expected, cancellationToken).ConfigureAwait(false)
                    ?? throw new NoiseException("the peer closed the connection during the Noise handshake");
                if (message.Length != expected)
                {
                    throw new NoiseException($"a Noise handshake message must be {expected} bytes, not {message.Length}");
                }
                handshake.ReadMessage(message);
            }
            var remote = handshake.RemoteStaticKey ?? throw new NoiseException("the handshake did not authenticate the peer's static key");
            return new NoiseChannel(reader, writer, handshake.Split(), remote);
        }
    }

    /// <summary>
    /// The next message's plaintext (a fresh array), or null when the peer closed between messages.
    /// Throws <see cref="NoiseException"/> for a truncated or garbled frame.
    /// </summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var frame = await ReadFrameAsync(_reader, NoiseTransport.MaxMessageLength, cancellationToken).ConfigureAwait(false);
        if (frame is null)
        {
            return null;
        }
        if (frame.Length < NoiseCipherState.TagLength)
        {
            throw new NoiseException("a Noise transport message is shorter than its authentication tag");
        }
        var plaintext = new byte[frame.Length - NoiseCipherState.TagLength];
        _transport.Decrypt(frame, plaintext);
        return plaintext;
    }

    /// <summary>Encrypts <paramref name="payload"/> (at most <see cref="NoiseTransport.MaxPayloadLength"/> bytes) into one frame and flushes it.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var length = payload.Length + NoiseCipherState.TagLength;
        var span = _writer.GetSpan(FrameHeaderLength + length);
        _transport.Encrypt(payload.Span, span[FrameHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        _writer.Advance(FrameHeaderLength + length);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask WriteFrameAsync(PipeWriter writer, byte[] message, CancellationToken cancellationToken)
    {
        var span = writer.GetSpan(FrameHeaderLength + message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)message.Length);
        message.CopyTo(span[FrameHeaderLength..]);
        writer.Advance(FrameHeaderLength + message.Length);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One length-prefixed frame, or null at a clean end of stream; the length is checked before the body is buffered.</summary>
    private static async ValueTask<byte[]?> ReadFrameAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= FrameHeaderLength)
            {
                var length = FrameLength(buffer);
                if (length > maxLength)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new NoiseException($"a Noise frame of {length} bytes is larger than the {maxLength} allowed here");
                }
                if (buffer.Length >= FrameHeaderLength + length)
                {
                    var frame = buffer.Slice(FrameHeaderLength, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(FrameHeaderLength + length));
                    return frame;
                }
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.End);
                return empty ? null : throw new NoiseException("the connection closed in the middle of a Noise frame");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static int FrameLength(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[FrameHeaderLength];
        buffer.Slice(0, FrameHeaderLength).CopyTo(header);
        return BinaryPrimitives.ReadUInt16BigEndian(header);
    }

    public void Dispose() => _transport.Dispose();
}
