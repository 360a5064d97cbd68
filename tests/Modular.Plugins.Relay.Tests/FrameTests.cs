using System.Buffers.Binary;
using System.Security.Cryptography;
using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Tests;

public sealed class FrameTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task Frames_round_trip_in_order_with_their_types()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire, Key))
        {
            await writer.WriteControlAsync(ControlMessage.Accept([0, 5]), CancellationToken.None);
            await writer.WriteAsync(FrameType.FileData, new byte[FrameCodec.MaxPlaintext - 1], CancellationToken.None);
        }
        wire.Position = 0;
        using var reader = new FrameReader(wire, Key);
        var accept = await reader.ReadControlAsync(CancellationToken.None);
        Assert.Equal("accept", accept.Type);
        Assert.Equal([0L, 5L], accept.Offsets);
        var data = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(FrameType.FileData, data!.Value.Type);
        Assert.Equal(FrameCodec.MaxPlaintext - 1, data.Value.Payload.Length);
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task First_frame_uses_nonce_counter_zero_and_a_big_endian_length()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire, Key))
        {
            await writer.WriteAsync(FrameType.FileData, "hi"u8.ToArray(), CancellationToken.None);
        }
        var bytes = wire.ToArray();
        Assert.Equal(3u + 16u, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        using var aes = new AesGcm(Key, 16);
        var plain = new byte[3];
        aes.Decrypt(new byte[12], bytes.AsSpan(4, 3), bytes.AsSpan(7, 16), plain);
        Assert.Equal(new byte[] { 0x02, (byte)'h', (byte)'i' }, plain);
    }

    [Fact]
    public async Task A_tampered_frame_is_refused()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire, Key))
        {
            await writer.WriteAsync(FrameType.FileData, new byte[100], CancellationToken.None);
        }
        var bytes = wire.ToArray();
        bytes[50] ^= 0x01;
        using var reader = new FrameReader(new MemoryStream(bytes), Key);
        var e = await Assert.ThrowsAsync<TransferException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains("altered", e.Message);
    }

    [Fact]
    public async Task A_replayed_frame_fails_because_the_counter_moved_on()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire, Key))
        {
            await writer.WriteAsync(FrameType.FileData, new byte[10], CancellationToken.None);
        }
        var frame = wire.ToArray();
        using var reader = new FrameReader(new MemoryStream([.. frame, .. frame]), Key);
        Assert.NotNull(await reader.ReadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<TransferException>(() => reader.ReadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(16u)]
    [InlineData(FrameCodec.MaxPlaintext + 17u)]
    [InlineData(uint.MaxValue)]
    public async Task A_length_out_of_range_is_refused_before_reading_the_body(uint length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        using var reader = new FrameReader(new MemoryStream(header), Key);
        var e = await Assert.ThrowsAsync<TransferException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public async Task A_cut_frame_is_an_error_not_a_clean_end()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire, Key))
        {
            await writer.WriteAsync(FrameType.FileData, new byte[100], CancellationToken.None);
        }
        using var reader = new FrameReader(new MemoryStream(wire.ToArray()[..60]), Key);
        await Assert.ThrowsAsync<TransferException>(() => reader.ReadAsync(CancellationToken.None));
    }
}
