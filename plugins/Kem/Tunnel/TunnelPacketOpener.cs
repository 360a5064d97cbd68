using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>
/// Opens the packets of one direction: checks the length, that seq strictly increases, and the tag.
/// Any failure is a <see cref="TunnelProtocolException"/>.
/// </summary>
public sealed class TunnelPacketOpener(byte[] key) : IDisposable
{
    private readonly AesGcm _aes = new(key, TunnelWire.TagLength);
    private readonly byte[] _packet = new byte[TunnelWire.MaxPacket];
    private ulong _lastSeq;

    /// <summary>
    /// Takes one whole packet off the front of <paramref name="buffer"/> and decrypts it. <paramref name="data"/> is
    /// its data, in this opener's own buffer: valid until the next call. False when the packet is not complete yet.
    /// </summary>
    public bool TryOpen(ref ReadOnlySequence<byte> buffer, out ushort channel, out ReadOnlyMemory<byte> data)
    {
        channel = 0;
        data = default;
        if (buffer.Length < TunnelWire.HeaderLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[TunnelWire.HeaderLength];
        buffer.Slice(0, TunnelWire.HeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[8..]);
        if (length is > TunnelWire.MaxLength or < TunnelWire.MinLength)
        {
            throw new TunnelProtocolException($"packet length {length} is outside {TunnelWire.MinLength}..{TunnelWire.MaxLength}");
        }
        var total = TunnelWire.HeaderLength + length;
        if (buffer.Length < total)
        {
            return false;
        }
        var seq = BinaryPrimitives.ReadUInt64BigEndian(header);
        if (seq <= _lastSeq)
        {
            throw new TunnelProtocolException($"packet seq {seq} does not follow {_lastSeq}");
        }
        // A packet that lies in one segment of the buffer is decrypted from there; one split across segments is
        // gathered first and decrypted in place. Either way its plaintext lands at the same offset of _packet.
        ReadOnlySpan<byte> packet;
        if (buffer.FirstSpan.Length >= total)
        {
            packet = buffer.FirstSpan[..total];
        }
        else
        {
            buffer.Slice(0, total).CopyTo(_packet);
            packet = _packet.AsSpan(0, total);
        }

        Span<byte> nonce = stackalloc byte[12];
        packet[..8].CopyTo(nonce);
        nonce[8..].Clear();
        var bodyLength = length - TunnelWire.TagLength;
        var body = _packet.AsSpan(TunnelWire.HeaderLength, bodyLength);
        try
        {
            _aes.Decrypt(nonce, packet.Slice(TunnelWire.HeaderLength, bodyLength), packet.Slice(TunnelWire.HeaderLength + bodyLength, TunnelWire.TagLength), body, packet[..8]);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new TunnelProtocolException($"packet seq {seq} does not authenticate");
        }
        buffer = buffer.Slice(total);
        _lastSeq = seq;
        channel = BinaryPrimitives.ReadUInt16BigEndian(body);
        data = _packet.AsMemory(TunnelWire.HeaderLength + TunnelWire.ChannelLength, bodyLength - TunnelWire.ChannelLength);
        return true;
    }

    public void Dispose() => _aes.Dispose();
}
