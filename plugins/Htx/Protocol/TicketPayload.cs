namespace Modular.Plugins.Htx.Protocol;

/// <summary>
/// The carried payload <c>0x01 ‖ cliPub32 ‖ ticketKeyID8 ‖ nonce32 ‖ accessTicket32 ‖ pad</c>, read in
/// place: the fields are slices of the decoded bytes.
/// </summary>
public readonly ref struct TicketPayload
{
    public const byte Version = 0x01;
    public const int FixedLength = 1 + Curve25519Dh.KeyLength + AccessTicket.KeyIdLength + NonceLength + AccessTicket.Length;
    public const int NonceLength = 32;

    private readonly ReadOnlySpan<byte> _bytes;

    private TicketPayload(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> ClientPublicKey => _bytes.Slice(1, Curve25519Dh.KeyLength);

    public ReadOnlySpan<byte> KeyId => _bytes.Slice(33, AccessTicket.KeyIdLength);

    public ReadOnlySpan<byte> Nonce => _bytes.Slice(41, NonceLength);

    public ReadOnlySpan<byte> Ticket => _bytes.Slice(73, AccessTicket.Length);

    public int PaddingLength => _bytes.Length - FixedLength;

    /// <summary>Reads the fields in the spec's order: the version byte first, then the fixed fields. Padding is the caller's to check.</summary>
    public static TicketPayloadStatus TryRead(ReadOnlySpan<byte> bytes, out TicketPayload payload)
    {
        payload = default;
        if (bytes.IsEmpty)
        {
            return TicketPayloadStatus.Truncated;
        }
        if (bytes[0] != Version)
        {
            return TicketPayloadStatus.WrongVersion;
        }
        if (bytes.Length < FixedLength)
        {
            return TicketPayloadStatus.Truncated;
        }
        payload = new TicketPayload(bytes);
        return TicketPayloadStatus.Ok;
    }

    public static byte[] Write(ReadOnlySpan<byte> clientPublicKey, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ticket, ReadOnlySpan<byte> padding)
    {
        var bytes = new byte[FixedLength + padding.Length];
        bytes[0] = Version;
        clientPublicKey.CopyTo(bytes.AsSpan(1, Curve25519Dh.KeyLength));
        keyId.CopyTo(bytes.AsSpan(33, AccessTicket.KeyIdLength));
        nonce.CopyTo(bytes.AsSpan(41, NonceLength));
        ticket.CopyTo(bytes.AsSpan(73, AccessTicket.Length));
        padding.CopyTo(bytes.AsSpan(FixedLength));
        return bytes;
    }
}
