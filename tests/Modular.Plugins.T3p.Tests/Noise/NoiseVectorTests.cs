using System.Text.Json;
using Modular.Sdk.Noise;

namespace Modular.Plugins.T3p.Tests.Noise;

/// <summary>The cacophony known-answer vectors for every fundamental pattern with 25519, ChaChaPoly, BLAKE2s.</summary>
public sealed class NoiseVectorTests
{
    public static TheoryData<string> Protocols() => [.. Vectors().Select(v => v.GetProperty("protocol_name").GetString()!)];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Handshake_and_transport_messages_match_the_vector(string protocol)
    {
        var vector = Vectors().Single(v => v.GetProperty("protocol_name").GetString() == protocol);
        var pattern = NoiseHandshakePattern.Find(protocol.Split('_')[1])!;
        using var initiator = Side(vector, "init", pattern, initiator: true);
        using var responder = Side(vector, "resp", pattern, initiator: false);
        var messages = vector.GetProperty("messages").EnumerateArray().ToList();

        for (var i = 0; i < pattern.Messages.Count; i++)
        {
            var (writer, reader) = i % 2 == 0 ? (initiator, responder) : (responder, initiator);
            var payload = Hex(messages[i], "payload");
            var message = writer.WriteMessage(payload);
            Assert.Equal(Convert.ToHexStringLower(Hex(messages[i], "ciphertext")), Convert.ToHexStringLower(message));
            Assert.Equal(payload, reader.ReadMessage(message));
        }
        Assert.True(initiator.IsComplete && responder.IsComplete);
        Assert.Equal(vector.GetProperty("handshake_hash").GetString(), Convert.ToHexStringLower(initiator.HandshakeHash));
        Assert.Equal(vector.GetProperty("handshake_hash").GetString(), Convert.ToHexStringLower(responder.HandshakeHash));

        using var initiatorTransport = initiator.Split();
        using var responderTransport = responder.Split();
        for (var i = pattern.Messages.Count; i < messages.Count; i++)
        {
            var fromInitiator = pattern.IsOneWay || i % 2 == 0;
            var (sender, receiver) = fromInitiator ? (initiatorTransport, responderTransport) : (responderTransport, initiatorTransport);
            var payload = Hex(messages[i], "payload");
            var ciphertext = new byte[payload.Length + NoiseCipherState.TagLength];
            sender.Encrypt(payload, ciphertext);
            Assert.Equal(Convert.ToHexStringLower(Hex(messages[i], "ciphertext")), Convert.ToHexStringLower(ciphertext));
            var plaintext = new byte[payload.Length];
            receiver.Decrypt(ciphertext, plaintext);
            Assert.Equal(payload, plaintext);
        }
    }

    [Fact]
    public void A_tampered_XK_message_fails_authentication()
    {
        var server = NoiseKeyPair.Generate();
        using var initiator = new NoiseHandshake(NoiseHandshakePattern.XK, true, "p"u8, NoiseKeyPair.Generate(), server.PublicKey.Span);
        using var responder = new NoiseHandshake(NoiseHandshakePattern.XK, false, "p"u8, server);
        var first = initiator.WriteMessage([]);
        first[^1] ^= 1;

        Assert.Throws<NoiseException>(() => responder.ReadMessage(first));
    }

    [Fact]
    public void XK_with_the_wrong_server_key_fails_at_the_responder()
    {
        var server = NoiseKeyPair.Generate();
        using var initiator = new NoiseHandshake(NoiseHandshakePattern.XK, true, "p"u8, NoiseKeyPair.Generate(), NoiseKeyPair.Generate().PublicKey.Span);
        using var responder = new NoiseHandshake(NoiseHandshakePattern.XK, false, "p"u8, server);

        Assert.Throws<NoiseException>(() => responder.ReadMessage(initiator.WriteMessage([])));
    }

    private static NoiseHandshake Side(JsonElement vector, string prefix, NoiseHandshakePattern pattern, bool initiator)
    {
        NoiseKeyPair? Key(string name) => vector.TryGetProperty($"{prefix}_{name}", out var hex) ? NoiseKeyPair.FromPrivateKey(Convert.FromHexString(hex.GetString()!)) : null;
        var remote = vector.TryGetProperty($"{prefix}_remote_static", out var r) ? Convert.FromHexString(r.GetString()!) : [];
        return new NoiseHandshake(pattern, initiator, Hex(vector, $"{prefix}_prologue"), Key("static"), remote, Key("ephemeral"));
    }

    private static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString()!);

    private static IEnumerable<JsonElement> Vectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "noise-25519-chachapoly-blake2s.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone()).ToList();
    }
}
