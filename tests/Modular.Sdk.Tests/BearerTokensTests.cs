using Modular.Sdk.Security;

namespace Modular.Sdk.Tests;

public sealed class BearerTokensTests
{
    private readonly BearerTokens _tokens = new(["first-token-0123456789", "second-token-0123456789"]);

    [Theory]
    [InlineData("Bearer first-token-0123456789")]
    [InlineData("bearer second-token-0123456789")]
    [InlineData("Bearer  first-token-0123456789 ")]
    public void A_configured_token_matches(string header) => Assert.True(_tokens.Matches(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("first-token-0123456789")]
    [InlineData("Basic first-token-0123456789")]
    [InlineData("Bearer first-token-012345678")]
    [InlineData("Bearer first-token-01234567890")]
    public void Anything_else_does_not(string? header) => Assert.False(_tokens.Matches(header));

    [Fact]
    public void An_empty_set_matches_nothing() => Assert.False(new BearerTokens([]).Matches("Bearer "));
}
