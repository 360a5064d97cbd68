using System.Text.Json;
using Modular.Sdk.Config;
using Modular.Sdk.Net;

namespace Modular.Sdk.Tests;

public sealed class ConfigJsonTests
{
    private sealed class Options
    {
        public string Name { get; init; } = "default";

        public Inner Inner { get; init; } = new();

        public List<Inner> Items { get; init; } = [];

        public string[] Tokens { get; init; } = [];

        public List<string?> Hints { get; init; } = [];

        public string? Comment { get; init; }

        public Labelled? Tag { get; init; }
    }

    /// <summary>Bound through its constructor, which System.Text.Json checks apart from property setters.</summary>
    private sealed record Labelled(string Label);

    private sealed class Inner
    {
        public int Size { get; init; } = 1;
    }

    [Fact]
    public void Missing_keys_keep_their_defaults()
    {
        var options = ConfigJson.Bind<Options>(Parse("{ \"inner\": {} }"), "plugins[0].config");

        Assert.Equal("default", options.Name);
        Assert.Equal(1, options.Inner.Size);
    }

    [Theory]
    [InlineData("{ \"nmae\": \"x\" }", "unknown key 'nmae' at plugins[0].config.nmae")]
    [InlineData("{ \"inner\": { \"sise\": 2 } }", "unknown key 'sise' at plugins[0].config.inner.sise")]
    [InlineData("{ \"items\": [ {}, { \"big\": 1 } ] }", "unknown key 'big' at plugins[0].config.items[1].big")]
    [InlineData("{ \"Name\": \"x\" }", "unknown key 'Name' at plugins[0].config.Name")]
    public void Unknown_keys_are_named_with_their_path(string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigJson.Bind<Options>(Parse(json), "plugins[0].config"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_wrong_type_is_named_with_its_path()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigJson.Bind<Options>(Parse("{ \"inner\": { \"size\": \"big\" } }"), "plugins[0].config"));

        Assert.StartsWith("plugins[0].config.inner.size: ", error.Message);
    }

    [Theory]
    [InlineData("{ \"name\": null }", "plugins[0].config.name: must not be null")]
    [InlineData("{ \"items\": null }", "plugins[0].config.items: must not be null")]
    [InlineData("{ \"items\": [ {}, null ] }", "plugins[0].config.items: must not hold null")]
    [InlineData("{ \"tokens\": [ \"a\", null ] }", "plugins[0].config.tokens: must not hold null")]
    [InlineData("{ \"inner\": { \"size\": null } }", "plugins[0].config.inner.size: ")]
    [InlineData("{ \"tag\": { \"label\": null } }", "plugins[0].config.tag.label: must not be null")]
    public void A_null_where_the_options_allow_none_is_named_with_its_path(string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigJson.Bind<Options>(Parse(json), "plugins[0].config"));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void A_null_the_options_declare_nullable_is_kept()
    {
        var options = ConfigJson.Bind<Options>(Parse("{ \"comment\": null, \"hints\": [ \"a\", null ] }"), "plugins[0].config");

        Assert.Null(options.Comment);
        Assert.Equal(["a", null], options.Hints);
    }

    [Theory]
    [InlineData("127.0.0.1:9080", "127.0.0.1", 9080)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("[::1]:443", "::1", 443)]
    [InlineData("localhost:80", "127.0.0.1", 80)]
    public void Listen_addresses_parse(string text, string address, int port)
    {
        var endPoint = ListenAddress.Parse(text, "test");

        Assert.Equal(address, endPoint.Address.ToString());
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9080")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1:-1")]
    public void Bad_listen_addresses_are_config_errors_naming_the_key(string text)
    {
        var error = Assert.Throws<ConfigException>(() => ListenAddress.Parse(text, "proxy.httpListen"));

        Assert.StartsWith($"proxy.httpListen: '{text}' is not a listen address", error.Message);
    }

    [Theory]
    [InlineData("example.com:80", true, "example.com", 80)]
    [InlineData("[::1]:443", true, "::1", 443)]
    [InlineData("10.0.0.1:0", true, "10.0.0.1", 0)]
    [InlineData(":80", false, "", 0)]
    [InlineData("[]:80", false, "", 0)]
    [InlineData("example.com", false, "", 0)]
    [InlineData("example.com:+80", false, "", 0)]
    [InlineData("example.com:65536", false, "", 0)]
    [InlineData(null, false, "", 0)]
    public void Host_port_addresses_split_into_host_and_port(string? text, bool ok, string host, int port)
    {
        var split = ListenAddress.TrySplit(text, out var actualHost, out var actualPort);

        Assert.Equal(ok, split);
        if (ok)
        {
            Assert.Equal((host, port), (actualHost, actualPort));
        }
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json, ConfigJson.DocumentOptions).RootElement;
}
