using System.Buffers.Text;
using System.Security.Cryptography;
using Modular.Plugins.Htx.Protocol;
using Modular.Plugins.Htx.Server;

namespace Modular.Plugins.Htx.Tests;

public sealed class TicketVectorTests
{
    private static readonly TicketVector V = TicketVector.Load;

    [Fact]
    public void X25519_gives_the_vector_public_keys_and_shared_secret()
    {
        Assert.Equal(V.ClientPublicKey, Curve25519Dh.PublicKey(V.ClientPrivateKey));
        Assert.Equal(V.TicketPublicKey, Curve25519Dh.PublicKey(V.TicketPrivateKey));
        var clientSide = new byte[32];
        var serverSide = new byte[32];
        Assert.True(Curve25519Dh.TryAgree(V.ClientPrivateKey, V.TicketPublicKey, clientSide));
        Assert.True(Curve25519Dh.TryAgree(V.TicketPrivateKey, V.ClientPublicKey, serverSide));
        Assert.Equal(V.SharedSecret, clientSide);
        Assert.Equal(V.SharedSecret, serverSide);
    }

    [Fact]
    public void Hour_salt_and_access_ticket_match_the_vector()
    {
        Assert.Equal(V.Hour, AccessTicket.HourOf(DateTimeOffset.FromUnixTimeSeconds(V.UnixTime)));
        var salt = new byte[32];
        AccessTicket.ComputeSalt(V.KeyId, V.Hour, salt);
        Assert.Equal(V.Salt, salt);
        var ticket = new byte[32];
        AccessTicket.Derive(V.SharedSecret, V.KeyId, V.Hour, ticket);
        Assert.Equal(V.AccessTicket, ticket);
    }

    [Fact]
    public void Client_payload_matches_the_vector()
    {
        var payload = ClientTicket.Create(V.ClientPrivateKey, V.TicketPublicKey, V.KeyId, V.Nonce, V.Hour, V.Padding);

        Assert.Equal(V.Payload, Base64Url.EncodeToString(payload));
    }

    [Fact]
    public void Vector_payload_parses_into_its_fields()
    {
        var bytes = Base64Url.DecodeFromChars(V.Payload);

        Assert.Equal(TicketPayloadStatus.Ok, TicketPayload.TryRead(bytes, out var payload));
        Assert.Equal(V.ClientPublicKey, payload.ClientPublicKey.ToArray());
        Assert.Equal(V.KeyId, payload.KeyId.ToArray());
        Assert.Equal(V.Nonce, payload.Nonce.ToArray());
        Assert.Equal(V.AccessTicket, payload.Ticket.ToArray());
        Assert.Equal(24, payload.PaddingLength);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    public void Server_accepts_the_vector_within_one_hour_either_side(int hoursAway, bool accepted)
    {
        var verifier = new TicketVerifier(new TicketKeyRing(new TicketKey(V.TicketPrivateKey, V.KeyId), []), PaddingRange.Default);
        var now = DateTimeOffset.FromUnixTimeSeconds(V.UnixTime).AddHours(hoursAway);

        var failure = verifier.Verify(Base64Url.DecodeFromChars(V.Payload), now, out var hour);

        Assert.Equal(accepted ? null : RejectionReason.WrongTicket, failure);
        Assert.Equal(accepted ? V.Hour : 0, hour);
    }

    [Fact]
    public void Default_key_id_is_the_first_8_bytes_of_sha256_of_the_public_key()
    {
        var key = new TicketKey(V.TicketPrivateKey);

        Assert.Equal(SHA256.HashData(V.TicketPublicKey)[..8], key.KeyId);
    }
}
