using System.Buffers;
using System.Text;
using Modular.Plugins.Proxy.Protocol;
using Modular.Testing;

namespace Modular.Plugins.Proxy.Tests.Protocol;

public sealed class HttpHostSnifferTests
{
    private static SniffStatus Sniff(string text, out string? host, int max = 16384, int segment = 0)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var sequence = segment > 0 ? Sequences.Split(bytes, segment) : new ReadOnlySequence<byte>(bytes);
        return HttpHostSniffer.TrySniff(sequence, max, out host);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", "example.org")]
    [InlineData("GET / HTTP/1.1\r\nhOsT:   Example.ORG:8080  \r\nAccept: */*\r\n\r\n", "example.org")]
    [InlineData("GET http://Abs.Example.org:81/path?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n", "abs.example.org")]
    [InlineData("GET https://user:pw@secure.example/ HTTP/1.1\r\n\r\n", "secure.example")]
    [InlineData("GET / HTTP/1.0\r\nHost: [::1]:8080\r\n\r\n", "[::1]")]
    [InlineData("OPTIONS * HTTP/1.1\r\nX-Forwarded-Host: evil.example\r\nHost: a_b-c.example\r\n\r\nbody", "a_b-c.example")]
    public void Finds_the_host_lowercased_without_port(string request, string expected)
    {
        Assert.Equal(SniffStatus.Found, Sniff(request, out var host));
        Assert.Equal(expected, host);
    }

    [Fact]
    public void Finds_the_host_in_one_byte_segments()
    {
        Assert.Equal(SniffStatus.Found, Sniff("GET / HTTP/1.1\r\nUser-Agent: x\r\nHost: seg.example\r\n\r\n", out var host, segment: 1));
        Assert.Equal("seg.example", host);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\n\r")]
    public void Waits_for_the_end_of_the_head(string partial) =>
        Assert.Equal(SniffStatus.NeedMore, Sniff(partial, out _));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a.example\r\nhost: a.example\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: bad host\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a.example:http\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost : a.example\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n")]
    [InlineData("GET /\r\nHost: a.example\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001 random \r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: ex\u00e4mple.org\r\n\r\n")]
    public void Rejects_malformed_heads_and_duplicate_hosts(string request) =>
        Assert.Equal(SniffStatus.Invalid, Sniff(request, out _));

    [Fact]
    public void A_request_without_host_is_missing_one() =>
        Assert.Equal(SniffStatus.Missing, Sniff("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n", out _));

    [Fact]
    public void A_head_over_the_limit_is_too_large_whether_complete_or_not()
    {
        var big = "GET / HTTP/1.1\r\nHost: a.example\r\nX-Fill: " + new string('x', 600) + "\r\n\r\n";
        Assert.Equal(SniffStatus.TooLarge, Sniff(big, out _, max: 512));
        Assert.Equal(SniffStatus.TooLarge, Sniff(big[..520], out _, max: 512));
        Assert.Equal(SniffStatus.Found, Sniff(big, out _, max: big.Length));
        Assert.Equal(SniffStatus.TooLarge, Sniff(big, out _, max: big.Length - 1));
    }
}
