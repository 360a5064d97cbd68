using System.Security.Cryptography;
using Modular.Sdk.Security;
using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tickets;

/// <summary>The Ed25519 ticket-signing key: <c>dataDir/t3p-signing.key</c> (the seed, hex, owner-only), created on first start.</summary>
public sealed class T3pSigningKey
{
    public const string FileName = "t3p-signing.key";

    private readonly byte[] _secret;

    private T3pSigningKey(byte[] secret)
    {
        _secret = secret;
        PublicKey = PasetoV4Public.PublicKeyOf(secret);
    }

    public byte[] PublicKey { get; }

    public string Sign(T3pTicketClaims claims) => T3pTicketCodec.Issue(claims, _secret);

    public T3pTicketClaims? Read(string? ticket) => T3pTicketCodec.Read(ticket, PublicKey);

    public static T3pSigningKey ReadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        SecretFile.CreateIfMissing(path, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PasetoV4Public.SecretKeyLength)) + "\n");
        var secret = Convert.FromHexString(File.ReadAllText(path).Trim());
        return secret.Length == PasetoV4Public.SecretKeyLength
            ? new T3pSigningKey(secret)
            : throw new InvalidDataException($"{path} does not hold a {PasetoV4Public.SecretKeyLength}-byte Ed25519 seed in hex");
    }
}
