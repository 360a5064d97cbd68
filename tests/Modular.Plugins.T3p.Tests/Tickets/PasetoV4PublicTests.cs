using System.Text;
using Modular.Sdk.T3p;

namespace Modular.Plugins.T3p.Tests.Tickets;

/// <summary>PASETO v4.public against the paseto-spec test vectors 4-S-1 and 4-S-2 (Ed25519 signatures are deterministic).</summary>
public sealed class PasetoV4PublicTests
{
    private static readonly byte[] Seed = Convert.FromHexString("b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774");
    private static readonly byte[] PublicKey = Convert.FromHexString("1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2");
    private static readonly byte[] Payload = """{"data":"this is a signed message","exp":"2022-01-01T00:00:00+00:00"}"""u8.ToArray();

    [Theory]
    [InlineData("", "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9bg_XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1ciiQEDA")]
    [InlineData("""{"kid":"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN"}""", "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9v3Jt8mx_TdM2ceTGoqwrh4yDFn0XsHvvV_D0DtwQxVrJEBMl0F2caAdgnpKlt4p7xBnx1HcO-SPo8FPp214HDw.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9")]
    public void Signing_and_verifying_match_the_spec_vectors(string footer, string token)
    {
        Assert.Equal(PublicKey, PasetoV4Public.PublicKeyOf(Seed));
        Assert.Equal(token, PasetoV4Public.Sign(Seed, Payload, Encoding.UTF8.GetBytes(footer)));
        Assert.True(PasetoV4Public.TryVerify(token, PublicKey, out var message, out var readFooter));
        Assert.Equal(Payload, message);
        Assert.Equal(footer, Encoding.UTF8.GetString(readFooter));
    }

    [Fact]
    public void A_changed_payload_footer_or_key_does_not_verify()
    {
        var token = PasetoV4Public.Sign(Seed, Payload, "f"u8);
        var body = token.Split('.')[2];
        var flipped = (body[5] == 'A' ? 'B' : 'A') + "";
        var otherKey = PasetoV4Public.PublicKeyOf(new byte[32]);

        Assert.False(PasetoV4Public.TryVerify($"v4.public.{body[..5]}{flipped}{body[6..]}.Zg", PublicKey, out _, out _));
        Assert.False(PasetoV4Public.TryVerify($"v4.public.{body}.Zw", PublicKey, out _, out _));
        Assert.False(PasetoV4Public.TryVerify(token, otherKey, out _, out _));
        Assert.False(PasetoV4Public.TryVerify(token.Replace("v4.public.", "v3.public.", StringComparison.Ordinal), PublicKey, out _, out _));
        Assert.False(PasetoV4Public.TryVerify("v4.public.!!!", PublicKey, out _, out _));
    }
}
