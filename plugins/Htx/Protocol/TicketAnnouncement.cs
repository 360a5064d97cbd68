using System.Buffers;
using System.Buffers.Text;

namespace Modular.Plugins.Htx.Protocol;

/// <summary>
/// What a site publishes on every decoy response, in the <c>BN-Ticket</c> header:
/// <c>v1; carriers=cookie:0.5,query:0.3,body:0.2; len=24..64; pub=&lt;base64url&gt;; kid=&lt;hex&gt;; site=bn</c>.
/// Parameters are read by name; unknown ones are ignored.
/// </summary>
public sealed record TicketAnnouncement(CarrierPolicy Carriers, PaddingRange Padding, byte[] PublicKey, byte[] KeyId, string SiteName)
{
    public const string Version = "v1";

    public string Format() =>
        $"{Version}; carriers={Carriers}; len={Padding}; pub={Base64Url.EncodeToString(PublicKey)}; kid={Convert.ToHexStringLower(KeyId)}; site={SiteName}";

    public static bool TryParse(string? header, out TicketAnnouncement? announcement)
    {
        announcement = null;
        if (header is null)
        {
            return false;
        }
        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != Version)
        {
            return false;
        }
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
            {
                values.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim());
            }
        }
        if (!values.TryGetValue("carriers", out var carriers) || !CarrierPolicy.TryParse(carriers, out var policy, out _)
            || !values.TryGetValue("len", out var len) || !PaddingRange.TryParse(len, out var padding)
            || !values.TryGetValue("pub", out var pub) || !TryDecodeKey(pub, out var publicKey)
            || !values.TryGetValue("kid", out var kid) || !TryDecodeKeyId(kid, out var keyId)
            || !values.TryGetValue("site", out var site) || site.Length == 0)
        {
            return false;
        }
        announcement = new TicketAnnouncement(policy, padding, publicKey, keyId, site);
        return true;
    }

    private static bool TryDecodeKey(string text, out byte[] key)
    {
        key = new byte[Curve25519Dh.KeyLength];
        return Base64Url.DecodeFromChars(text, key, out _, out var written) == OperationStatus.Done && written == key.Length;
    }

    private static bool TryDecodeKeyId(string text, out byte[] keyId)
    {
        keyId = [];
        if (text.Length != AccessTicket.KeyIdLength * 2)
        {
            return false;
        }
        try
        {
            keyId = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
