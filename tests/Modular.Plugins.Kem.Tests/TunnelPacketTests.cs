using System.Buffers;
using System.Buffers.Binary;
using Modular.Plugins.Kem.Tunnel;
using Modular.Testing;

namespace Modular.Plugins.Kem.Tests;

public sealed class TunnelPacketTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static byte[] Seal(TunnelPacketSealer sealer, ushort channel, byte[] data)
    {
        var packet = new byte[TunnelWire.MaxPacket];
        return packet[..sealer.Seal(channel, data, packet)];
    }

    private static (ushort Channel, byte[] Data)? Open(TunnelPacketOpener opener, byte[] wire)
    {
        var buffer = new ReadOnlySequence<byte>(wire);
        return opener.TryOpen(ref buffer, out var channel, out var data) ? (channel, data.ToArray()) : null;
    }

    [Fact]
    public void A_packet_has_the_documented_layout_and_round_trips()
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var packet = Seal(sealer, 3, "hello"u8.ToArray());

        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(packet));
        Assert.Equal(2 + 5 + 16, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(8)));
        Assert.Equal(10 + 2 + 5 + 16, packet.Length);
        var opened = Open(opener, packet);
        Assert.Equal((ushort)3, opened!.Value.Channel);
        Assert.Equal("hello"u8.ToArray(), opened.Value.Data);
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64BigEndian(Seal(sealer, 3, [])));
    }

    [Fact]
    public void An_incomplete_packet_waits_for_more_bytes()
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var packet = Seal(sealer, 1, new byte[100]);

        Assert.Null(Open(opener, packet[..5]));
        Assert.Null(Open(opener, packet[..^1]));
        Assert.NotNull(Open(opener, packet));
    }

    [Fact]
    public void A_flipped_ciphertext_bit_is_refused()
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var packet = Seal(sealer, 1, "data"u8.ToArray());
        packet[12] ^= 0x04;

        Assert.Throws<TunnelProtocolException>(() => Open(opener, packet));
    }

    [Fact]
    public void A_replayed_or_lower_seq_is_refused()
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var first = Seal(sealer, 1, "a"u8.ToArray());
        var second = Seal(sealer, 1, "b"u8.ToArray());

        Assert.NotNull(Open(opener, second));
        Assert.Throws<TunnelProtocolException>(() => Open(opener, second));
        Assert.Throws<TunnelProtocolException>(() => Open(opener, first));
    }

    [Fact]
    public void A_length_over_4096_or_under_the_tag_is_refused_before_reading_the_body()
    {
        using var opener = new TunnelPacketOpener(Key);
        var header = new byte[10];
        BinaryPrimitives.WriteUInt64BigEndian(header, 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 4097);
        Assert.Throws<TunnelProtocolException>(() => Open(opener, header));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 17);
        Assert.Throws<TunnelProtocolException>(() => Open(opener, header));
    }

    [Fact]
    public void The_largest_packet_carries_4078_bytes()
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var data = new byte[TunnelWire.MaxData];
        Random.Shared.NextBytes(data);

        var packet = Seal(sealer, 1, data);
        Assert.Equal(TunnelWire.MaxPacket, packet.Length);
        Assert.Equal(data, Open(opener, packet)!.Value.Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => sealer.Seal(1, new byte[TunnelWire.MaxData + 1], new byte[TunnelWire.MaxPacket + 1]));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Packets_split_across_buffer_segments_open_as_whole_ones(int segmentLength)
    {
        using var sealer = new TunnelPacketSealer(Key);
        using var opener = new TunnelPacketOpener(Key);
        var sent = new[] { 5, TunnelWire.MaxData, 0, 1500, TunnelWire.MaxData }.Select((length, i) =>
        {
            var data = new byte[length];
            Random.Shared.NextBytes(data);
            return (Channel: (ushort)(i + 1), Data: data);
        }).ToList();
        var wire = sent.SelectMany(packet => Seal(sealer, packet.Channel, packet.Data)).ToArray();

        // Some packets lie within one segment and some straddle two or more; every one opens whole and in order.
        var buffer = Sequences.Split(wire, segmentLength);
        foreach (var (channel, data) in sent)
        {
            Assert.True(opener.TryOpen(ref buffer, out var openedChannel, out var opened));
            Assert.Equal(channel, openedChannel);
            Assert.Equal(data, opened.ToArray());
        }
        Assert.True(buffer.IsEmpty);
        Assert.False(opener.TryOpen(ref buffer, out _, out _));
    }
}
