using Modular.Sdk.Config;
using Modular.Testing;

namespace Modular.Plugins.T3p.Tests.Noise;

/// <summary>The host config keys of the Noise transport and of <c>auth.t3p</c> are validated before anything starts.</summary>
public sealed class NoiseConfigTests
{
    private const string Key = "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("""{ "rpc": { "noiseListen": "nowhere" } }""", "rpc.noiseListen")]
    [InlineData("""{ "rpc": { "noiseHandshakeTimeoutSeconds": 0 } }""", "rpc.noiseHandshakeTimeoutSeconds")]
    [InlineData("""{ "auth": { "t3p": { "address": "t3p.example.org", "noiseKey": "KEY", "signingKey": "KEY", "domain": "example.org" } } }""", "auth.t3p.address")]
    [InlineData("""{ "auth": { "t3p": { "address": "127.0.0.1:9081", "noiseKey": "abc", "signingKey": "KEY", "domain": "example.org" } } }""", "auth.t3p.noiseKey")]
    [InlineData("""{ "auth": { "t3p": { "address": "127.0.0.1:9081", "noiseKey": "KEY", "signingKey": "KEY", "domain": "" } } }""", "auth.t3p.domain")]
    [InlineData("""{ "auth": { "t3p": { "address": "127.0.0.1:9081", "noiseKey": "KEY", "signingKey": "KEY", "domain": "example.org", "extra": 1 } } }""", "extra")]
    public async Task A_bad_value_is_a_config_error_naming_the_key(string config, string key)
    {
        var directory = TestHost.CreateTempDirectory();
        var error = await Assert.ThrowsAsync<ConfigException>(() => TestHost.StartAsync(config.Replace("KEY", Key, StringComparison.Ordinal), directory: directory));
        Directory.Delete(directory, recursive: true);

        Assert.Contains(key, error.Message);
    }
}
