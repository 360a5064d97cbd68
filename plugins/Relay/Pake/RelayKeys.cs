using System.Security.Cryptography;
using System.Text;

namespace Modular.Plugins.Relay.Pake;

/// <summary>
/// The keys both peers derive from Ke: the session key k, its confirmations hh_k (recipient) and h_k
/// (sender), and one AES-256-GCM key per direction of the transfer.
/// </summary>
public sealed class RelayKeys
{
    public const string Salt = "modular-relay-v1";
    public const string IdentitySender = "sender";
    public const string IdentityRecipient = "recipient";

    public RelayKeys(byte[] ke)
    {
        Session = HKDF.DeriveKey(HashAlgorithmName.SHA256, ke, 32, [], Encoding.UTF8.GetBytes(Salt + " session"));
        var h = SHA256.HashData(Session);
        SenderConfirmation = Convert.ToHexStringLower(h);
        RecipientConfirmation = Convert.ToHexStringLower(SHA256.HashData(h));
        SenderToRecipient = HKDF.DeriveKey(HashAlgorithmName.SHA256, Session, 32, [], Encoding.UTF8.GetBytes(Salt + " sender->recipient"));
        RecipientToSender = HKDF.DeriveKey(HashAlgorithmName.SHA256, Session, 32, [], Encoding.UTF8.GetBytes(Salt + " recipient->sender"));
    }

    /// <summary>k.</summary>
    public byte[] Session { get; }

    /// <summary>h_k = hex(SHA-256(k)), posted by the sender.</summary>
    public string SenderConfirmation { get; }

    /// <summary>hh_k = hex(SHA-256(SHA-256(k))), posted by the recipient.</summary>
    public string RecipientConfirmation { get; }

    public byte[] SenderToRecipient { get; }

    public byte[] RecipientToSender { get; }

    /// <summary>Compares a confirmation the peer posted with ours in constant time.</summary>
    public static bool ConfirmationMatches(string expected, string? posted)
    {
        if (posted is null)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(posted.ToLowerInvariant()));
    }
}
