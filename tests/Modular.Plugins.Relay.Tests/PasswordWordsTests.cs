using Modular.Plugins.Relay.Client;

namespace Modular.Plugins.Relay.Tests;

public sealed class PasswordWordsTests
{
    [Fact]
    public void Default_password_carries_at_least_40_bits_in_distinct_dash_free_words()
    {
        Assert.Equal(PasswordWords.List.Count, PasswordWords.List.Distinct().Count());
        Assert.All(PasswordWords.List, w => Assert.True(w.All(char.IsAsciiLetterLower), w));
        var words = new RelayClientConfig().PasswordWords;
        Assert.True(words * PasswordWords.BitsPerWord >= 40);
        Assert.Equal(words, PasswordWords.Generate(words).Split('-').Length);
    }

    [Fact]
    public void A_code_splits_at_its_first_dash_and_a_bad_code_is_a_clear_error()
    {
        var code = RelayCode.Parse(" abc123-tiger-plum ");
        Assert.Equal("abc123", code.Channel);
        Assert.Equal("tiger-plum", code.Password);
        Assert.Throws<RelayException>(() => RelayCode.Parse("nodash"));
        Assert.Throws<RelayException>(() => RelayCode.Parse("-tiger"));
    }
}
