using System.Text.Json;
using Modular.Plugins.Relay.Pake;
using Org.BouncyCastle.Math;

namespace Modular.Plugins.Relay.Tests;

public sealed class Spake2VectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spake2-rfc9382.json"))).RootElement;

    public static TheoryData<int> VectorIndexes => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Rfc9382_vector_gives_the_same_shares_transcript_and_Ke_on_both_sides(int index)
    {
        var v = Vectors.GetProperty("vectors")[index];
        var w = Scalar(v, "w");
        var a = new Spake2(Spake2Curve.P256, isA: true, v.GetProperty("A").GetString()!, v.GetProperty("B").GetString()!, w, Scalar(v, "x"));
        var b = new Spake2(Spake2Curve.P256, isA: false, v.GetProperty("A").GetString()!, v.GetProperty("B").GetString()!, w, Scalar(v, "y"));

        Assert.Equal(Hex(v, "pA"), Convert.ToHexStringLower(a.Share));
        Assert.Equal(Hex(v, "pB"), Convert.ToHexStringLower(b.Share));
        var hashA = a.Finish(b.Share);
        var hashB = b.Finish(a.Share);
        Assert.Equal(Hex(v, "Hash(TT)"), Convert.ToHexStringLower(hashA));
        Assert.Equal(Hex(v, "Hash(TT)"), Convert.ToHexStringLower(hashB));
        Assert.Equal(Hex(v, "Ke"), Convert.ToHexStringLower(Spake2.SharedKey(hashA)));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Transcript_layout_matches_the_vector_TT(int index)
    {
        var v = Vectors.GetProperty("vectors")[index];
        var tt = Spake2.Transcript(
            System.Text.Encoding.UTF8.GetBytes(v.GetProperty("A").GetString()!),
            System.Text.Encoding.UTF8.GetBytes(v.GetProperty("B").GetString()!),
            Convert.FromHexString(Hex(v, "pA")), Convert.FromHexString(Hex(v, "pB")), Convert.FromHexString(Hex(v, "K")),
            Convert.FromHexString(Hex(v, "w")));
        Assert.Equal(Hex(v, "TT"), Convert.ToHexStringLower(tt));
    }

    [Fact]
    public void M_and_N_are_the_rfc_constants_for_every_curve()
    {
        var constants = Vectors.GetProperty("constants");
        foreach (var (curve, name) in new[] { (Spake2Curve.P256, "P256"), (Spake2Curve.P384, "P384"), (Spake2Curve.P521, "P521") })
        {
            Assert.Equal(constants.GetProperty(name).GetProperty("M").GetString(), Convert.ToHexStringLower(curve.M.GetEncoded(true)));
            Assert.Equal(constants.GetProperty(name).GetProperty("N").GetString(), Convert.ToHexStringLower(curve.N.GetEncoded(true)));
        }
    }

    [Theory]
    [InlineData("p384")]
    [InlineData("p521")]
    public void Two_independent_runs_agree_on_Ke_with_the_same_password_and_not_with_another(string name)
    {
        Assert.True(Spake2Curve.TryGet(name, out var curve));
        var w = Spake2.PasswordScalar(curve, "tiger-plum-quartz-otter-north", "chan1");
        var sender = new Spake2(curve, true, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, w);
        var recipient = new Spake2(curve, false, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, w);
        var wrong = new Spake2(curve, false, RelayKeys.IdentitySender, RelayKeys.IdentityRecipient, Spake2.PasswordScalar(curve, "tiger-plum-quartz-otter-south", "chan1"));

        var ke = Spake2.SharedKey(sender.Finish(recipient.Share));
        Assert.Equal(curve.PointLength, sender.Share.Length);
        Assert.Equal(ke, Spake2.SharedKey(recipient.Finish(sender.Share)));
        Assert.NotEqual(ke, Spake2.SharedKey(wrong.Finish(sender.Share)));
        Assert.Equal(curve == Spake2Curve.P521 ? 32 : 16, ke.Length);
        var keys = new RelayKeys(ke);
        Assert.False(RelayKeys.ConfirmationMatches(keys.RecipientConfirmation, new RelayKeys(Spake2.SharedKey(wrong.Finish(sender.Share))).RecipientConfirmation));
    }

    [Fact]
    public void Password_scalar_depends_on_password_and_channel_and_is_below_n()
    {
        var a = Spake2.PasswordScalar(Spake2Curve.P521, "pw", "c1");
        Assert.NotEqual(a, Spake2.PasswordScalar(Spake2Curve.P521, "pw", "c2"));
        Assert.NotEqual(a, Spake2.PasswordScalar(Spake2Curve.P521, "pX", "c1"));
        Assert.True(a.CompareTo(Spake2Curve.P521.Order) < 0);
    }

    public static TheoryData<string> InvalidPoints()
    {
        var p = Spake2Curve.P256;
        var valid = p.G.Multiply(BigInteger.ValueOf(7)).Normalize().GetEncoded(false);
        var offCurve = (byte[])valid.Clone();
        offCurve[^1] ^= 1;
        return new()
        {
            Convert.ToHexStringLower(offCurve),
            "00",
            Convert.ToHexStringLower(p.G.Multiply(BigInteger.ValueOf(7)).Normalize().GetEncoded(true)),
            Convert.ToHexStringLower(valid[..^1]),
            "04" + new string('0', 128),
        };
    }

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void A_peer_point_off_the_curve_at_infinity_or_badly_encoded_is_refused(string hex)
    {
        var me = new Spake2(Spake2Curve.P256, true, "sender", "recipient", BigInteger.Three);
        Assert.Throws<Spake2Exception>(() => me.Finish(Convert.FromHexString(hex)));
    }

    [Fact]
    public void A_peer_share_equal_to_w_times_N_gives_K_at_infinity_and_is_refused()
    {
        var curve = Spake2Curve.P256;
        var w = BigInteger.Three;
        var me = new Spake2(curve, true, "sender", "recipient", w);
        Assert.Throws<Spake2Exception>(() => me.Finish(curve.N.Multiply(w).Normalize().GetEncoded(false)));
    }

    private static BigInteger Scalar(JsonElement v, string name) => new(1, Convert.FromHexString(Hex(v, name)));

    private static string Hex(JsonElement v, string name) => v.GetProperty(name).GetString()!.ToLowerInvariant();
}
