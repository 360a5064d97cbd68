using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Modular.Plugins.Kem.Crypto;
using Modular.Plugins.Kem.Protocol;

namespace Modular.Plugins.Kem.Tests;

public sealed class CryptoTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "openuds-kem.json"))).RootElement;

    private static TicketKeys VectorKeys()
    {
        var kdf = Vectors.GetProperty("kdf");
        return TicketKeys.Derive(Convert.FromHexString(kdf.GetProperty("shared_secret_hex").GetString()!), kdf.GetProperty("ticket").GetString()!);
    }

    [Fact]
    public void Key_schedule_matches_the_OpenUDS_vector()
    {
        var kdf = Vectors.GetProperty("kdf");
        var keys = VectorKeys();

        Assert.Equal(kdf.GetProperty("key_payload_hex").GetString(), Convert.ToHexStringLower(keys.PayloadKey));
        Assert.Equal(kdf.GetProperty("key_send_hex").GetString(), Convert.ToHexStringLower(keys.SendKey));
        Assert.Equal(kdf.GetProperty("key_receive_hex").GetString(), Convert.ToHexStringLower(keys.ReceiveKey));
        Assert.Equal(kdf.GetProperty("nonce_payload_hex").GetString(), Convert.ToHexStringLower(keys.PayloadNonce));
    }

    [Fact]
    public void Envelope_data_matches_the_OpenUDS_vector_both_ways()
    {
        var envelope = Vectors.GetProperty("envelope");
        var plaintext = Encoding.UTF8.GetBytes(envelope.GetProperty("plaintext").GetString()!);
        var expected = envelope.GetProperty("data_base64").GetString();

        Assert.Equal(expected, Convert.ToBase64String(TicketEnvelope.SealData(VectorKeys(), plaintext)));
        Assert.Equal(plaintext, TicketEnvelope.OpenData(VectorKeys(), Convert.FromBase64String(expected!)));
    }

    [Fact]
    public void Tampered_envelope_data_is_a_clear_decryption_error()
    {
        var data = Convert.FromBase64String(Vectors.GetProperty("envelope").GetProperty("data_base64").GetString()!);
        data[3] ^= 0x01;

        var error = Assert.Throws<EnvelopeException>(() => TicketEnvelope.OpenData(VectorKeys(), data));
        Assert.Contains("tampered", error.Message);
    }

    [Fact]
    public void Envelope_round_trips_through_ML_KEM_768_and_refuses_another_key_and_a_flipped_ciphertext()
    {
        var kem = new BouncyCastleMlKem768();
        var client = kem.GenerateKeyPair();
        Assert.Equal(BouncyCastleMlKem768.PublicKeyLength, client.PublicKey.Length);
        const string ticket = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
        var encapsulation = kem.Encapsulate(client.PublicKey);
        Assert.Equal(BouncyCastleMlKem768.CiphertextLength, encapsulation.Ciphertext.Length);

        var envelope = TicketEnvelope.Seal(encapsulation, ticket, new TunnelEndpoint("h", 7));
        var (opened, secret) = envelope.Open<TunnelEndpoint>(kem, client.PrivateKey, ticket);
        Assert.Equal(new TunnelEndpoint("h", 7), opened);
        Assert.Equal(encapsulation.SharedSecret, secret);

        Assert.Throws<EnvelopeException>(() => envelope.Open<TunnelEndpoint>(kem, kem.GenerateKeyPair().PrivateKey, ticket));
        Assert.Throws<EnvelopeException>(() => envelope.Open<TunnelEndpoint>(kem, client.PrivateKey, ticket.Replace('a', 'b')));
        var flipped = Convert.FromBase64String(envelope.Ciphertext);
        flipped[0] ^= 0x80;
        Assert.Throws<EnvelopeException>(() => (envelope with { Ciphertext = Convert.ToBase64String(flipped) }).Open<TunnelEndpoint>(kem, client.PrivateKey, ticket));
    }

    [Fact]
    public void Encapsulation_refuses_a_key_of_the_wrong_length()
    {
        Assert.Throws<CryptographicException>(() => new BouncyCastleMlKem768().Encapsulate(new byte[100]));
    }

    [Fact]
    public void ML_DSA_65_signatures_verify_only_for_the_same_key_and_bytes()
    {
        var dsa = new BouncyCastleMlDsa65();
        var key = dsa.GenerateKeyPair();
        var script = "log.info('hi');"u8.ToArray();
        var signature = dsa.Sign(key.PrivateKey, script);

        Assert.Equal(BouncyCastleMlDsa65.PublicKeyLength, key.PublicKey.Length);
        Assert.Equal(BouncyCastleMlDsa65.SignatureLength, signature.Length);
        Assert.True(dsa.Verify(key.PublicKey, script, signature));
        Assert.False(dsa.Verify(dsa.GenerateKeyPair().PublicKey, script, signature));
        Assert.False(dsa.Verify(key.PublicKey, "log.info('ho');"u8, signature));
        signature[100] ^= 1;
        Assert.False(dsa.Verify(key.PublicKey, script, signature));
        Assert.False(dsa.Verify(key.PublicKey, script, signature.AsSpan(1)));
    }

    [Fact]
    public void Tickets_and_scramblers_are_alphanumeric_of_the_right_length()
    {
        var ticket = TicketIds.NewTicket();
        Assert.True(TicketIds.IsTicket(ticket));
        Assert.Equal(32, TicketIds.NewScrambler().Length);
        Assert.True(TicketIds.IsAlphanumeric(TicketIds.NewScrambler()));
        Assert.False(TicketIds.IsTicket(ticket[..47] + "-"));
        Assert.False(TicketIds.IsTicket(ticket[..47]));
    }
}
