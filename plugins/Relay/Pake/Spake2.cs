using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Modular.Plugins.Relay.Pake;

/// <summary>
/// One side of SPAKE2 (RFC 9382): <see cref="Start"/> gives this side's share (pA for A, pB for B),
/// <see cref="Finish"/> takes the peer's share and returns the transcript hash, whose first half is Ke.
/// </summary>
public sealed class Spake2
{
    private static readonly SecureRandom Random = new();

    private readonly Spake2Curve _curve;
    private readonly bool _isA;
    private readonly byte[] _identityA;
    private readonly byte[] _identityB;
    private readonly BigInteger _w;
    private readonly BigInteger _secret;

    /// <param name="isA">true for A (the relay's sender), false for B (the recipient).</param>
    /// <param name="secret">x or y; null draws one uniformly from [1, n-1] (vectors pass theirs).</param>
    public Spake2(Spake2Curve curve, bool isA, string identityA, string identityB, BigInteger w, BigInteger? secret = null)
    {
        _curve = curve;
        _isA = isA;
        _identityA = Encoding.UTF8.GetBytes(identityA);
        _identityB = Encoding.UTF8.GetBytes(identityB);
        _w = w.Mod(curve.Order);
        _secret = secret ?? BigIntegers.CreateRandomInRange(BigInteger.One, curve.Order.Subtract(BigInteger.One), Random);
        Share = ECAlgorithms.SumOfTwoMultiplies(curve.G, _secret, isA ? curve.M : curve.N, _w).Normalize().GetEncoded(false);
    }

    /// <summary>This side's share as uncompressed SEC1: pA = x*G + w*M, or pB = y*G + w*N.</summary>
    public byte[] Share { get; }

    /// <summary>
    /// Checks the peer's share and returns Hash(TT); Ke is its first half. Throws <see cref="Spake2Exception"/>
    /// for a point that is not on the curve, at infinity, or yields K at infinity.
    /// </summary>
    public byte[] Finish(ReadOnlySpan<byte> peerShare)
    {
        var peer = _curve.DecodePeerPoint(peerShare);
        // K = secret * (peer - w*M') with M' the peer's blinding point; cofactor 1, so no extra clearing.
        var blind = _isA ? _curve.N : _curve.M;
        var k = peer.Subtract(blind.Multiply(_w)).Multiply(_secret).Normalize();
        if (k.IsInfinity)
        {
            throw new Spake2Exception("the shared point is the point at infinity");
        }
        var pA = _isA ? Share : peerShare.ToArray();
        var pB = _isA ? peerShare.ToArray() : Share;
        return _curve.Digest(Transcript(_identityA, _identityB, pA, pB, k.GetEncoded(false), BigIntegers.AsUnsignedByteArray(_curve.ScalarLength, _w)));
    }

    /// <summary>Ke: the first half of Hash(TT).</summary>
    public static byte[] SharedKey(byte[] transcriptHash) => transcriptHash[..(transcriptHash.Length / 2)];

    /// <summary>TT of RFC 9382 section 3.3: each field prefixed by its length as 8 bytes little-endian.</summary>
    internal static byte[] Transcript(params byte[][] fields)
    {
        var total = fields.Sum(f => 8 + f.Length);
        var tt = new byte[total];
        var offset = 0;
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(tt.AsSpan(offset), (ulong)field.Length);
            field.CopyTo(tt, offset + 8);
            offset += 8 + field.Length;
        }
        return tt;
    }

    /// <summary>
    /// w = OS2IP(HKDF-SHA256(password, salt "modular-relay-v1", info channel, L = ceil(bits(n)/8) + 16)) mod n:
    /// 16 extra bytes make the reduction's bias negligible.
    /// </summary>
    public static BigInteger PasswordScalar(Spake2Curve curve, string password, string channel)
    {
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(password), curve.ScalarLength + 16,
            Encoding.UTF8.GetBytes(RelayKeys.Salt), Encoding.UTF8.GetBytes(channel));
        return new BigInteger(1, okm).Mod(curve.Order);
    }
}
