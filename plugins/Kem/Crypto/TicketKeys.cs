using System.Security.Cryptography;
using System.Text;

namespace Modular.Plugins.Kem.Crypto;

/// <summary>
/// The OpenUDS key schedule: HKDF-SHA256 of the KEM shared secret, salted with the ticket, split into the
/// payload key, the two tunnel keys (client to tunnel, tunnel to client) and the payload nonce.
/// </summary>
public sealed record TicketKeys(byte[] PayloadKey, byte[] SendKey, byte[] ReceiveKey, byte[] PayloadNonce)
{
    private const int OutputLength = 108;
    private static readonly byte[] Info = "openuds-ticket-crypt"u8.ToArray();

    public static TicketKeys Derive(ReadOnlySpan<byte> sharedSecret, string ticket)
    {
        Span<byte> okm = stackalloc byte[OutputLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, okm, Encoding.ASCII.GetBytes(ticket), Info);
        var keys = new TicketKeys(okm[..32].ToArray(), okm[32..64].ToArray(), okm[64..96].ToArray(), okm[96..108].ToArray());
        CryptographicOperations.ZeroMemory(okm);
        return keys;
    }
}
