using Modular.Plugins.T3p.Configuration;
using Modular.Sdk.Config;

namespace Modular.Plugins.T3p.Tests.Server;

public sealed class T3pOptionsTests
{
    [Fact]
    public void The_default_ACL_lets_anyone_read_service_keys_and_nothing_else()
    {
        var acl = new T3pOptions().Validate();

        Assert.True(acl.Allows([("srv", "ab12")], "srv", "files", "info", "pubkey"));
        Assert.False(acl.Allows([("srv", "ab12"), ("user", "a@b")], "user", "a@b", "info", "groups"));
    }

    [Fact]
    public void The_first_applicable_rule_decides()
    {
        var acl = new T3pOptions { Acl = ["user mallory@example.org : deny : user * info groups", "user * : allow : user * info groups"] }.Validate();

        Assert.False(acl.Allows([("user", "mallory@example.org")], "user", "bob@example.org", "info", "groups"));
        Assert.True(acl.Allows([("user", "alice@example.org")], "user", "bob@example.org", "info", "groups"));
    }

    [Theory]
    [InlineData("srv * allow user * info groups", "acl")]
    [InlineData("srv * : maybe : user * info groups", "acl")]
    [InlineData("srv * : allow : user * info", "acl")]
    public void A_malformed_ACL_rule_is_a_config_error_naming_the_key(string rule, string key)
    {
        var error = Assert.Throws<ConfigException>(() => new T3pOptions { Acl = [rule] }.Validate());

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Bad_values_are_config_errors_naming_the_key()
    {
        Assert.Contains("services[0].pubkey", Assert.Throws<ConfigException>(() => new T3pOptions { Services = [new T3pServiceEntry { Name = "x", Pubkey = "zz" }] }.Validate()).Message);
        Assert.Contains("argon2MemoryKiB", Assert.Throws<ConfigException>(() => new T3pOptions { Argon2MemoryKiB = 8 }.Validate()).Message);
        Assert.Contains("maxLifetimeSeconds", Assert.Throws<ConfigException>(() => new T3pOptions { MaxLifetimeSeconds = 0 }.Validate()).Message);
        Assert.Contains("domains[0]", Assert.Throws<ConfigException>(() => new T3pOptions { Domains = ["a@b"] }.Validate()).Message);
    }
}
