using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>Seals the packets of one direction: AES-256-GCM, nonce = seq || 4 zero bytes, AAD = seq, seq from 1.</summary>
public sealed class TunnelPacketSealer(byte[] key) : IDisposable
{
    private readonly AesGcm _aes = new(key, TunnelWire.TagLength);
    private ulong _seq;

    /// <summary>Writes one packet carrying <paramref name="data"/> (at most <see cref="TunnelWire.MaxData"/>) into <paramref name="destination"/>; returns its size.</summary>
    public int Seal(ushort channel, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length > TunnelWire.MaxData)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "a packet carries at most " + TunnelWire.MaxData + " bytes");
        }
        var length = TunnelWire.MinLength + data.Length;
        BinaryPrimitives.WriteUInt64BigEndian(destination, ++_seq);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)length);
        Span<byte> nonce = stackalloc byte[12];
        destination[..8].CopyTo(nonce);
        nonce[8..].Clear();
        var body = destination.Slice(TunnelWire.HeaderLength, TunnelWire.ChannelLength + data.Length);
        BinaryPrimitives.WriteUInt16BigEndian(body, channel);
        data.CopyTo(body[TunnelWire.ChannelLength..]);
        _aes.Encrypt(nonce, body, body, destination.Slice(TunnelWire.HeaderLength + body.Length, TunnelWire.TagLength), destination[..8]);
        return TunnelWire.HeaderLength + length;
    }

    public void Dispose() => _aes.Dispose();
}
