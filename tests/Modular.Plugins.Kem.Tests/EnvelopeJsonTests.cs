using System.Buffers;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Tests;

/// <summary>
/// The broker writes the launch ticket and its reply by hand for speed; the wire is whatever the serializer
/// with <see cref="KemJson.Options"/> writes, so each hand-written form must be those bytes exactly.
/// </summary>
public sealed class EnvelopeJsonTests
{
    private const string Ticket = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";

    private static byte[] Serialized<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, KemJson.Options);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Base64_tokens_are_the_bytes_the_serializer_writes_for_the_same_base64_string()
    {
        for (var length = 0; length < 200; length++)
        {
            var data = RandomBytes(length, length);
            Assert.Equal(Serialized(Convert.ToBase64String(data)), KemJsonBase64.ToStringToken(data));
        }
        var signature = RandomBytes(BouncyCastleMlDsa65.SignatureLength, 7);
        Assert.Equal(Serialized(Convert.ToBase64String(signature)), KemJsonBase64.ToStringToken(signature));
        var allPlus = Enumerable.Repeat((byte)0xFB, 300).ToArray();
        Assert.Contains("\\u002B", System.Text.Encoding.UTF8.GetString(KemJsonBase64.ToStringToken(allPlus)));
        Assert.Equal(Serialized(Convert.ToBase64String(allPlus)), KemJsonBase64.ToStringToken(allPlus));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_launch_ticket_is_the_bytes_the_serializer_writes(bool withTunnel)
    {
        var source = System.Text.Encoding.UTF8.GetBytes("log.info('<héllo> & \"bye\"' + params.user);");
        var signature = RandomBytes(BouncyCastleMlDsa65.SignatureLength, 1);
        var parameters = JsonSerializer.SerializeToElement(new { user = "<ada & bob>", n = 1.5, list = new object?[] { "+/=", null, true } });
        var tunnel = withTunnel ? new TunnelPointer("tünnel.example", 4443, Ticket) : null;

        var written = new ArrayBufferWriter<byte>();
        LaunchTicketJson.Write(written, KemJsonBase64.ToStringToken(source), KemJsonBase64.ToStringToken(signature), parameters, tunnel);

        var expected = Serialized(new LaunchTicket(Convert.ToBase64String(source), KemProtocol.ScriptType, KemProtocol.SignatureAlgorithm,
            Convert.ToBase64String(signature), parameters, tunnel));
        Assert.Equal(expected, written.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_reply_is_the_bytes_the_serializer_writes_for_the_envelope_and_it_opens()
    {
        var client = KemTestKit.MlKem.GenerateKeyPair();
        var encapsulation = KemTestKit.MlKem.Encapsulate(client.PublicKey);
        var sealedEnvelope = SealedEnvelope.Seal(encapsulation, Ticket, Serialized(new TunnelEndpoint("h", 7)));

        var written = new ArrayBufferWriter<byte>();
        sealedEnvelope.WriteReply(written);

        Assert.Equal(Serialized(new BrokerReply<TicketEnvelope>(sealedEnvelope.ToEnvelope())), written.WrittenSpan.ToArray());
        var reply = JsonSerializer.Deserialize<BrokerReply<TicketEnvelope>>(written.WrittenSpan, KemJson.Options)!;
        Assert.Equal(new TunnelEndpoint("h", 7), reply.Result!.Open<TunnelEndpoint>(KemTestKit.MlKem, client.PrivateKey, Ticket).Payload);
    }
}
