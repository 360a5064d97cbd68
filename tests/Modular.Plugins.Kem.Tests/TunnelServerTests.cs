using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Modular.Plugins.Kem.Client;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Tunnel;
using Modular.Testing;
using static Modular.Plugins.Kem.Tests.KemTestKit;

namespace Modular.Plugins.Kem.Tests;

public sealed class TunnelServerTests : IAsyncLifetime
{
    private static readonly byte[] Magic = [0x5A, 0x4D, 0x47, 0x42, 0xA5, 0x02, 0x00, 0x00];
    private string _scripts = "";
    private TestHost _broker = null!;
    private TestHost _tunnel = null!;
    private (IPEndPoint EndPoint, Task Serving, TcpListener Listener) _echo;

    private IPEndPoint TunnelEndPoint => _tunnel.Listeners.Get("kem", "tunnel");

    public async Task InitializeAsync()
    {
        (_scripts, _) = CreateScripts(("t", "1;"));
        _broker = await StartBrokerAsync(_scripts);
        _tunnel = await StartTunnelAsync(BrokerUri(_broker).ToString());
        _echo = StartEcho();
    }

    public async Task DisposeAsync()
    {
        _echo.Listener.Stop();
        await _tunnel.DisposeAsync();
        await _broker.DisposeAsync();
        Directory.Delete(_scripts, recursive: true);
    }

    /// <summary>A client ticket with a tunnel, fetched as the launcher does: the tunnel ticket and the tunnel keys.</summary>
    private async Task<(string TunnelTicket, TicketKeys Keys)> TunnelTicketAsync(params IPEndPoint[] remotes)
    {
        var created = await CreateTicketAsync(_broker, "t", TunnelTo(TunnelEndPoint, remotes));
        using var http = new HttpClient();
        var (launch, secret) = await new TicketRequester(http, MlKem).RequestAsync(BrokerUri(_broker),
            created.GetProperty("ticket").GetString()!, created.GetProperty("scrambler").GetString()!, CancellationToken.None);
        return (launch.Tunnel!.Ticket, TicketKeys.Derive(secret, launch.Tunnel.Ticket));
    }

    private static async Task<TcpClient> ConnectAsync(IPEndPoint endPoint, params byte[][] parts)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endPoint);
        foreach (var part in parts)
        {
            await client.GetStream().WriteAsync(part);
        }
        return client;
    }

    private static byte[] Open(string ticket) => [.. Magic, TunnelWire.OpenCommand, .. Encoding.ASCII.GetBytes(ticket)];

    private static byte[] Packet(TunnelPacketSealer sealer, ushort channel, byte[] data)
    {
        var packet = new byte[TunnelWire.MaxPacket];
        return packet[..sealer.Seal(channel, data, packet)];
    }

    private static async Task<(ushort Channel, byte[] Data)> ReadPacketAsync(Stream stream, TunnelPacketOpener opener)
    {
        using var cts = new CancellationTokenSource(WaitLimit);
        var header = new byte[TunnelWire.HeaderLength];
        await stream.ReadExactlyAsync(header, cts.Token);
        var packet = new byte[TunnelWire.HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(8))];
        header.CopyTo(packet, 0);
        await stream.ReadExactlyAsync(packet.AsMemory(TunnelWire.HeaderLength), cts.Token);
        var buffer = new ReadOnlySequence<byte>(packet);
        Assert.True(opener.TryOpen(ref buffer, out var channel, out var data));
        return (channel, data.ToArray());
    }

    /// <summary>An open tunnel to the echo service that has carried one round trip on channel 1.</summary>
    private async Task<(TcpClient Client, TunnelPacketSealer Sealer, TunnelPacketOpener Opener, byte[] FirstPacket)> OpenEchoTunnelAsync()
    {
        var (ticket, keys) = await TunnelTicketAsync(_echo.EndPoint);
        var client = await ConnectAsync(TunnelEndPoint, Open(ticket));
        var sealer = new TunnelPacketSealer(keys.SendKey);
        var opener = new TunnelPacketOpener(keys.ReceiveKey);
        var first = Packet(sealer, 1, "ping"u8.ToArray());
        await client.GetStream().WriteAsync(first);
        var echoed = await ReadPacketAsync(client.GetStream(), opener);
        Assert.Equal((ushort)1, echoed.Channel);
        Assert.Equal("ping"u8.ToArray(), echoed.Data);
        return (client, sealer, opener, first);
    }

    [Fact]
    public async Task The_test_command_answers_OK_and_closes()
    {
        using var client = await ConnectAsync(TunnelEndPoint, [.. Magic, TunnelWire.TestCommand]);
        Assert.Equal("OK"u8.ToArray(), await ReadToEndAsync(client.GetStream()));
    }

    [Fact]
    public async Task Channels_carry_data_both_ways_and_an_empty_packet_half_closes_then_the_end_is_reported()
    {
        var (client, sealer, opener, _) = await OpenEchoTunnelAsync();
        using (client)
        {
            var big = new byte[20_000];
            Random.Shared.NextBytes(big);
            await client.GetStream().WriteAsync(Packet(sealer, 1, big[..TunnelWire.MaxData]));
            await client.GetStream().WriteAsync(Packet(sealer, 1, big[TunnelWire.MaxData..(2 * TunnelWire.MaxData)]));
            await client.GetStream().WriteAsync(Packet(sealer, 1, []));
            var received = new List<byte>();
            while (true)
            {
                var (channel, data) = await ReadPacketAsync(client.GetStream(), opener);
                Assert.Equal((ushort)1, channel);
                if (data.Length == 0)
                {
                    break;
                }
                received.AddRange(data);
            }
            Assert.Equal(big[..(2 * TunnelWire.MaxData)], received.ToArray());
        }
        using var cts = new CancellationTokenSource(WaitLimit);
        while ((await StateKeysAsync(_broker)).Count > 0)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    [Fact]
    public async Task Wrong_magic_closes_without_a_reply()
    {
        using var client = await ConnectAsync(TunnelEndPoint, [0x5A, 0x4D, 0x47, 0x42, 0xA5, 0x03, 0x00, 0x00, TunnelWire.TestCommand]);
        Assert.Empty(await ReadToEndAsync(client.GetStream()));
    }

    [Fact]
    public async Task An_unknown_command_closes_without_a_reply()
    {
        using var client = await ConnectAsync(TunnelEndPoint, [.. Magic, 7]);
        Assert.Empty(await ReadToEndAsync(client.GetStream()));
    }

    [Fact]
    public async Task A_non_alphanumeric_ticket_closes_without_a_reply()
    {
        using var client = await ConnectAsync(TunnelEndPoint, Open(new string('-', TicketIds.TicketLength)));
        Assert.Empty(await ReadToEndAsync(client.GetStream()));
    }

    [Fact]
    public async Task An_unknown_or_reused_tunnel_ticket_closes_without_a_reply()
    {
        using (var unknown = await ConnectAsync(TunnelEndPoint, Open(TicketIds.NewTicket())))
        {
            Assert.Empty(await ReadToEndAsync(unknown.GetStream()));
        }
        var (ticket, _) = await TunnelTicketAsync(_echo.EndPoint);
        using var first = await ConnectAsync(TunnelEndPoint, Open(ticket));
        await Task.Delay(200);
        using var second = await ConnectAsync(TunnelEndPoint, Open(ticket));
        Assert.Empty(await ReadToEndAsync(second.GetStream()));
    }

    [Fact]
    public async Task A_flipped_ciphertext_bit_closes_the_tunnel()
    {
        var (client, sealer, _, _) = await OpenEchoTunnelAsync();
        using (client)
        {
            var packet = Packet(sealer, 1, "pong"u8.ToArray());
            packet[^1] ^= 0x01;
            await client.GetStream().WriteAsync(packet);
            Assert.Empty(await ReadToEndAsync(client.GetStream()));
        }
    }

    [Fact]
    public async Task A_replayed_seq_closes_the_tunnel()
    {
        var (client, _, _, first) = await OpenEchoTunnelAsync();
        using (client)
        {
            await client.GetStream().WriteAsync(first);
            Assert.Empty(await ReadToEndAsync(client.GetStream()));
        }
    }

    [Fact]
    public async Task A_length_over_4096_closes_the_tunnel()
    {
        var (client, _, _, _) = await OpenEchoTunnelAsync();
        using (client)
        {
            var header = new byte[TunnelWire.HeaderLength];
            BinaryPrimitives.WriteUInt64BigEndian(header, 99);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 4097);
            await client.GetStream().WriteAsync(header);
            Assert.Empty(await ReadToEndAsync(client.GetStream()));
        }
    }

    [Fact]
    public async Task An_unreachable_remote_or_a_channel_without_remote_closes_the_tunnel()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var unreachable = (IPEndPoint)closed.LocalEndpoint;
        closed.Stop();
        var (ticket, keys) = await TunnelTicketAsync(unreachable);
        using (var client = await ConnectAsync(TunnelEndPoint, Open(ticket)))
        {
            using var sealer = new TunnelPacketSealer(keys.SendKey);
            await client.GetStream().WriteAsync(Packet(sealer, 1, "hello"u8.ToArray()));
            Assert.Empty(await ReadToEndAsync(client.GetStream()));
        }

        var (client2, sealer2, _, _) = await OpenEchoTunnelAsync();
        using (client2)
        {
            await client2.GetStream().WriteAsync(Packet(sealer2, 2, "hello"u8.ToArray()));
            Assert.Empty(await ReadToEndAsync(client2.GetStream()));
        }
    }
}

public sealed class TunnelServerTimeoutTests
{
    [Fact]
    public async Task A_silent_client_is_closed_after_the_handshake_timeout()
    {
        var (scripts, _) = CreateScripts(("t", "1;"));
        await using var broker = await StartBrokerAsync(scripts);
        await using var tunnel = await StartTunnelAsync(BrokerUri(broker).ToString(), handshakeTimeoutMs: 300);
        using var client = new TcpClient();
        await client.ConnectAsync(tunnel.Listeners.Get("kem", "tunnel"));
        await client.GetStream().WriteAsync(new byte[] { 0x5A, 0x4D });
        var started = TimeProvider.System.GetTimestamp();

        Assert.Empty(await ReadToEndAsync(client.GetStream()));
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(200), WaitLimit);
        Directory.Delete(scripts, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_broker_closes_the_connection_without_a_reply()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var tunnel = await StartTunnelAsync($"http://127.0.0.1:{port}/kem");
        using var client = new TcpClient();
        await client.ConnectAsync(tunnel.Listeners.Get("kem", "tunnel"));
        await client.GetStream().WriteAsync((byte[])[0x5A, 0x4D, 0x47, 0x42, 0xA5, 0x02, 0x00, 0x00, TunnelWire.OpenCommand, .. Encoding.ASCII.GetBytes(TicketIds.NewTicket())]);

        Assert.Empty(await ReadToEndAsync(client.GetStream()));
    }
}
