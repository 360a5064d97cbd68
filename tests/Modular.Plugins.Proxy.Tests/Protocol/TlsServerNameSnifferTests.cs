using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Modular.Plugins.Proxy.Protocol;
using Modular.Plugins.Proxy.Tests.Support;
using Modular.Testing;
using static Modular.Plugins.Proxy.Tests.Support.ClientHelloBuilder;

namespace Modular.Plugins.Proxy.Tests.Protocol;

public sealed class TlsServerNameSnifferTests
{
    /// <summary>The ClientHello of RFC 8448 §3 ("Simple 1-RTT Handshake"), SNI "server", in one record.</summary>
    private static readonly byte[] Rfc8448ClientHello = Convert.FromHexString(
        "16030100c4" +
        "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b" +
        "0009000006736572766572ff01000100000a00140012001d001700180019010001010102010301040023000000330026002400" +
        "1d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e0403050306" +
        "03020308040805080604010501060102010402050206020202002d00020101001c00024001");

    private static SniffStatus Sniff(byte[] bytes, out string? name, int max = 16384, int segment = 0) =>
        TlsServerNameSniffer.TrySniff(segment > 0 ? Sequences.Split(bytes, segment) : new ReadOnlySequence<byte>(bytes), max, out name);

    [Fact]
    public void Reads_the_server_name_of_the_RFC_8448_client_hello()
    {
        Assert.Equal(SniffStatus.Found, Sniff(Rfc8448ClientHello, out var name));
        Assert.Equal("server", name);
    }

    [Fact]
    public void Waits_for_every_byte_of_a_client_hello_and_finds_it_in_one_byte_segments()
    {
        for (var length = 0; length < Rfc8448ClientHello.Length; length++)
        {
            Assert.Equal(SniffStatus.NeedMore, Sniff(Rfc8448ClientHello[..length], out _));
        }
        Assert.Equal(SniffStatus.Found, Sniff(Rfc8448ClientHello, out var name, segment: 1));
        Assert.Equal("server", name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(700)]
    public void Reassembles_a_post_quantum_sized_hello_fragmented_over_records_and_segments(int fragment)
    {
        var records = Records(Message("PQ.Example.org", padding: 1800), fragment);
        Assert.Equal(SniffStatus.Found, Sniff(records, out var name, segment: 7));
        Assert.Equal("pq.example.org", name);
    }

    [Fact]
    public void Reads_the_hello_of_a_real_SslStream_client()
    {
        var hello = CaptureClientHello("real.example.net");
        Assert.Equal(SniffStatus.Found, Sniff(hello, out var name, segment: 100));
        Assert.Equal("real.example.net", name);
    }

    [Fact]
    public void A_hello_without_server_name_is_missing_one()
    {
        Assert.Equal(SniffStatus.Missing, Sniff(Records(Message(null)), out _));
        var onlyOtherNameType = Extension(0, Concat(U16(6), [1], U16(3), "abc"u8.ToArray()));
        Assert.Equal(SniffStatus.Missing, Sniff(Records(Message(null, extraExtension: onlyOtherNameType)), out _));
    }

    [Fact]
    public void A_hello_over_the_limit_is_too_large_even_before_it_is_complete()
    {
        var records = Records(Message("big.example", padding: 3000), 1000);
        Assert.Equal(SniffStatus.TooLarge, Sniff(records, out _, max: 2048));
        Assert.Equal(SniffStatus.TooLarge, Sniff(records[..600], out _, max: 512));
        Assert.Equal(SniffStatus.Found, Sniff(records, out _, max: records.Length));
        Assert.Equal(SniffStatus.TooLarge, Sniff(records, out _, max: records.Length - 1));
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "not a handshake record", [23, 3, 3, 0, 5, 1, 0, 0, 1, 0] },
        { "SSLv2 hello", [0x80, 0x2e, 1, 3, 1, 0, 0x15] },
        { "not a ClientHello", Records(Concat([2, 0, 0, 1], [0])) },
        { "zero-length record", [22, 3, 1, 0, 0] },
        { "record over 2^14", [22, 3, 1, 0x40, 1] },
        { "bad record version", [22, 9, 1, 0, 4, 1, 0, 0, 0] },
        { "truncated body", Records(Concat([1, 0, 0, 3], [3, 3, 0])) },
        { "extensions overrun", Records(Truncate(Message("x.example"), 3)) },
        { "two server_name extensions", Records(Message("a.example", extraExtension: Extension(0, Concat(U16(4), [0], U16(1), "b"u8.ToArray())))) },
        { "two host names", Records(Message(null, extraExtension: Extension(0, Concat(U16(8), [0], U16(1), "a"u8.ToArray(), [0], U16(1), "b"u8.ToArray())))) },
        { "bad host name", Records(Message("bad name.example")) },
        { "empty host name", Records(Message("")) },
        { "random bytes", RandomBytes() },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_input(string what, byte[] bytes)
    {
        Assert.True(Sniff(bytes, out _) == SniffStatus.Invalid, what);
    }

    /// <summary>Shortens the message's body by <paramref name="cut"/> while keeping its stated lengths.</summary>
    private static byte[] Truncate(byte[] message, int cut)
    {
        var body = message[4..^cut];
        return Concat([1, 0, (byte)(body.Length >> 8), (byte)body.Length], body);
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[64];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x42;
        return bytes;
    }

    /// <summary>The first flight of a real <see cref="SslStream"/> client, read by a plain socket.</summary>
    private static byte[] CaptureClientHello(string serverName)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var server = listener.AcceptSocket();
        using var ssl = new SslStream(client.GetStream());
        var handshake = ssl.AuthenticateAsClientAsync(serverName);
        var buffer = new byte[16384];
        var length = 0;
        server.ReceiveTimeout = 5000;
        while (TlsServerNameSniffer.TrySniff(new ReadOnlySequence<byte>(buffer, 0, length), buffer.Length, out _) == SniffStatus.NeedMore)
        {
            length += server.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
        }
        server.Close();
        Assert.ThrowsAny<Exception>(() => handshake.GetAwaiter().GetResult());
        return buffer[..length];
    }
}
