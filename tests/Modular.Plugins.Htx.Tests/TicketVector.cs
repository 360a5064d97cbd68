using System.Text.Json;

namespace Modular.Plugins.Htx.Tests;

/// <summary>Vectors/betanet-ticket.json: the §5.2 known answer (RFC 7748 §6.1 keys).</summary>
public sealed class TicketVector
{
    private TicketVector(JsonElement json)
    {
        byte[] Hex(string name) => Convert.FromHexString(json.GetProperty(name).GetString()!);
        ClientPrivateKey = Hex("cliPriv_hex");
        ClientPublicKey = Hex("cliPub_hex");
        TicketPrivateKey = Hex("ticketPriv_hex");
        TicketPublicKey = Hex("ticketPub_hex");
        SharedSecret = Hex("sharedSecret_hex");
        KeyId = Hex("ticketKeyID_hex");
        UnixTime = json.GetProperty("unixTime").GetInt64();
        Hour = json.GetProperty("hour").GetInt64();
        Salt = Hex("salt_hex");
        AccessTicket = Hex("accessTicket_hex");
        Nonce = Hex("nonce32_hex");
        Payload = json.GetProperty("payload_base64url_unpadded").GetString()!;
    }

    public static TicketVector Load { get; } =
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "betanet-ticket.json"))).RootElement);

    public byte[] ClientPrivateKey { get; }
    public byte[] ClientPublicKey { get; }
    public byte[] TicketPrivateKey { get; }
    public byte[] TicketPublicKey { get; }
    public byte[] SharedSecret { get; }
    public byte[] KeyId { get; }
    public long UnixTime { get; }
    public long Hour { get; }
    public byte[] Salt { get; }
    public byte[] AccessTicket { get; }
    public byte[] Nonce { get; }
    public string Payload { get; }

    /// <summary>The vector's padding: 24 zero bytes.</summary>
    public byte[] Padding { get; } = new byte[24];
}
