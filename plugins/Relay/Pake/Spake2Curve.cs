using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using ECCurve = Org.BouncyCastle.Math.EC.ECCurve;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Modular.Plugins.Relay.Pake;

/// <summary>
/// One SPAKE2 group of RFC 9382: a NIST curve, its fixed points M and N (RFC 9382 section 6, cofactor 1)
/// and the transcript hash (SHA-256 for P-256 and P-384, SHA-512 for P-521).
/// </summary>
public sealed class Spake2Curve
{
    public static readonly Spake2Curve P256 = new("p256", "P-256", HashAlgorithmName.SHA256,
        "02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f",
        "03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49");

    public static readonly Spake2Curve P384 = new("p384", "P-384", HashAlgorithmName.SHA256,
        "030ff0895ae5ebf6187080a82d82b42e2765e3b2f8749c7e05eba366434b363d3dc36f15314739074d2eb8613fceec2853",
        "02c72cf2e390853a1c1c4ad816a62fd15824f56078918f43f922ca21518f9c543bb252c5490214cf9aa3f0baab4b665c10");

    public static readonly Spake2Curve P521 = new("p521", "P-521", HashAlgorithmName.SHA512,
        "02003f06f38131b2ba2600791e82488e8d20ab889af753a41806c5db18d37d85608cfae06b82e4a72cd744c719193562a653ea1f119eef9356907edc9b56979962d7aa",
        "0200c7924b9ec017f3094562894336a53c50167ba8c5963876880542bc669e494b2532d76c5b53dfb349fdf69154b9e0048c58a42e8ed04cef052a3bc349d95575cd25");

    public const string DefaultName = "p256";

    public static IReadOnlyList<Spake2Curve> All { get; } = [P256, P384, P521];

    private Spake2Curve(string name, string nistName, HashAlgorithmName hash, string m, string n)
    {
        Name = name;
        var parameters = ECNamedCurveTable.GetByName(nistName);
        Curve = parameters.Curve;
        G = parameters.G;
        Order = parameters.N;
        Hash = hash;
        M = Curve.DecodePoint(Convert.FromHexString(m));
        N = Curve.DecodePoint(Convert.FromHexString(n));
        ScalarLength = (Order.BitLength + 7) / 8;
        PointLength = 1 + 2 * ((Curve.FieldSize + 7) / 8);
    }

    /// <summary>The name used on the wire: <c>p256</c>, <c>p384</c> or <c>p521</c>.</summary>
    public string Name { get; }

    public ECCurve Curve { get; }

    public ECPoint G { get; }

    /// <summary>The group order n.</summary>
    public BigInteger Order { get; }

    public ECPoint M { get; }

    public ECPoint N { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>Bytes of n: the width of w in the transcript.</summary>
    public int ScalarLength { get; }

    /// <summary>Bytes of an uncompressed SEC1 point.</summary>
    public int PointLength { get; }

    public static bool TryGet(string? name, out Spake2Curve curve)
    {
        curve = All.FirstOrDefault(c => c.Name == (name ?? DefaultName))!;
        return curve is not null;
    }

    /// <summary>
    /// Decodes a peer's uncompressed SEC1 point, refusing anything else: another encoding, the point at
    /// infinity, or coordinates not on the curve.
    /// </summary>
    public ECPoint DecodePeerPoint(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != PointLength || encoded[0] != 0x04)
        {
            throw new Spake2Exception($"the peer's point is not an uncompressed {Name} point");
        }
        ECPoint point;
        try
        {
            point = Curve.DecodePoint(encoded.ToArray());
        }
        catch (ArgumentException)
        {
            throw new Spake2Exception($"the peer's point is not on {Name}");
        }
        if (point.IsInfinity || !point.IsValid())
        {
            throw new Spake2Exception($"the peer's point is not a valid {Name} point");
        }
        return point;
    }

    public byte[] Digest(ReadOnlySpan<byte> data) =>
        Hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);
}
