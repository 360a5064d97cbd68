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
    /// Takes one whole packet off the front of <paramref name="buffer"/> and decrypts it into
    /// <paramref name="plaintext"/> (at least <see cref="TunnelWire.MaxData"/> bytes). False when the packet is not complete yet.
    /// </summary>
    public bool TryOpen(ref ReadOnlySequence<byte> buffer, Span<byte> plaintext, out ushort channel, out int dataLength)
    {
        channel = 0;
        dataLength = 0;
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
        var packet = _packet.AsSpan(0, total);
        buffer.Slice(0, total).CopyTo(packet);
        buffer = buffer.Slice(total);

        Span<byte> nonce = stackalloc byte[12];
        packet[..8].CopyTo(nonce);
        nonce[8..].Clear();
        var body = packet.Slice(TunnelWire.HeaderLength, length - TunnelWire.TagLength);
        try
        {
            _aes.Decrypt(nonce, body, packet.Slice(TunnelWire.HeaderLength + body.Length, TunnelWire.TagLength), body, packet[..8]);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new TunnelProtocolException($"packet seq {seq} does not authenticate");
        }
        _lastSeq = seq;
        channel = BinaryPrimitives.ReadUInt16BigEndian(body);
        dataLength = body.Length - TunnelWire.ChannelLength;
        body[TunnelWire.ChannelLength..].CopyTo(plaintext);
        return true;
    }

    public void Dispose() => _aes.Dispose();
}
