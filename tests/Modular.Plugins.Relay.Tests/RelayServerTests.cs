using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Modular.Plugins.Relay.Protocol;

namespace Modular.Plugins.Relay.Tests;

public sealed class RelayServerTests
{
    private static readonly string PointHex = "04" + new string('a', 128);
    private static readonly string HashHex = new('b', 64);

    [Fact]
    public async Task Sender_join_gets_a_fresh_alphanumeric_channel_a_uuid_the_default_curve_and_the_bound_port()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();

        var joined = await relay.JoinAsync(http, "sender");

        Assert.True(joined.Channel.Length >= 12 && joined.Channel.All(char.IsAsciiLetterOrDigit));
        Assert.Equal(32, joined.Uuid.Length);
        Assert.Equal("p256", joined.Curve);
        Assert.Equal([relay.Port], joined.Ports);
    }

    [Fact]
    public async Task Unknown_curve_bad_role_and_bad_json_are_400_with_an_error()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();

        var curve = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new { role = "sender", curve = "p224" });
        var role = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new { role = "boss" });
        using var junk = await http.PostAsync("join", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "unknown curve 'p224': use p256, p384 or p521"), (curve.Status, curve.Error));
        Assert.Equal(HttpStatusCode.BadRequest, role.Status);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Contains("\"error\"", await junk.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_second_sender_or_recipient_is_409_and_a_recipient_of_a_missing_channel_is_404()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender", "mychannel", "p384");
        await relay.JoinAsync(http, "recipient", "mychannel");

        var secondSender = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new JoinRequest("sender", "mychannel"));
        var secondRecipient = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new JoinRequest("recipient", "mychannel"));
        var missing = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new JoinRequest("recipient", "nosuchchannel"));

        Assert.Equal("p384", sender.Curve);
        Assert.Equal(HttpStatusCode.Conflict, secondSender.Status);
        Assert.Equal(HttpStatusCode.Conflict, secondRecipient.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task Values_are_set_once_by_their_owner_and_a_wrong_uuid_is_403()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender");
        var recipient = await relay.JoinAsync(http, "recipient", sender.Channel);

        var setX = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid, X: PointHex));
        var sameX = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid, X: PointHex));
        var otherX = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid, X: "04" + new string('c', 128)));
        var recipientSetsX = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, recipient.Uuid, X: PointHex));
        var senderSetsHhK = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid, HhK: HashHex));
        var badHex = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, recipient.Uuid, HhK: "zz"));
        var wrongUuid = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, new string('0', 32)));
        var setY = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, recipient.Uuid, Y: PointHex, HhK: HashHex));

        Assert.Equal(PointHex, setX.Body!.X);
        Assert.Equal(HttpStatusCode.OK, sameX.Status);
        Assert.Equal(HttpStatusCode.Conflict, otherX.Status);
        Assert.Equal(HttpStatusCode.Forbidden, recipientSetsX.Status);
        Assert.Equal(HttpStatusCode.Forbidden, senderSetsHhK.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badHex.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "wrong uuid"), (wrongUuid.Status, wrongUuid.Error));
        Assert.Equal((PointHex, PointHex, HashHex, false), (setY.Body!.X, setY.Body.Y, setY.Body.HhK, setY.Body.Stapled));
    }

    [Fact]
    public async Task A_third_source_address_is_refused_on_http_and_tcp_with_channel_full()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var first = relay.Http("127.0.0.1");
        using var second = relay.Http("127.0.0.2");
        using var third = relay.Http("127.0.0.3");
        var sender = await relay.JoinAsync(first, "sender");
        var recipient = await relay.JoinAsync(second, "recipient", sender.Channel);

        var thirdPost = await RelayTestHost.PostAsync<ChannelState>(third, "channel", new ChannelRequest(sender.Channel, recipient.Uuid));
        var (socket, answer) = await relay.ConnectAsync($"{sender.Channel} {sender.Uuid}\n", "127.0.0.3");
        using (socket)
        {
            Assert.Equal((HttpStatusCode.Forbidden, "channel full"), (thirdPost.Status, thirdPost.Error));
            Assert.Equal("error channel full", answer);
            Assert.Empty(await RelayTestHost.ReadToEndAsync(socket));
        }
        var stillFine = await RelayTestHost.PostAsync<ChannelState>(second, "channel", new ChannelRequest(sender.Channel, recipient.Uuid));
        Assert.Equal(HttpStatusCode.OK, stillFine.Status);
    }

    [Fact]
    public async Task A_caller_with_a_wrong_uuid_does_not_take_one_of_the_two_address_slots()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var sender = relay.Http("127.0.0.1");
        using var stranger = relay.Http("127.0.0.2");
        using var recipient = relay.Http("127.0.0.3");
        var joined = await relay.JoinAsync(sender, "sender");

        var guess = await RelayTestHost.PostAsync<ChannelState>(stranger, "channel", new ChannelRequest(joined.Channel, new string('1', 32)));
        var (socket, answer) = await relay.ConnectAsync($"{joined.Channel} {new string('1', 32)}\n", "127.0.0.2");
        socket.Dispose();

        Assert.Equal((HttpStatusCode.Forbidden, "wrong uuid"), (guess.Status, guess.Error));
        Assert.Equal("error wrong uuid", answer);
        await relay.JoinAsync(recipient, "recipient", joined.Channel);
    }

    [Fact]
    public async Task A_silent_tcp_peer_gets_an_error_and_is_closed_after_the_identify_timeout()
    {
        await using var relay = await RelayTestHost.StartAsync(new { tcpListen = new[] { "127.0.0.1:0" }, identifyTimeoutMs = 200 });
        var (socket, answer) = await relay.ConnectAsync("");
        using (socket)
        {
            Assert.Equal("error identify timeout", answer);
            Assert.Empty(await RelayTestHost.ReadToEndAsync(socket));
        }
    }

    [Theory]
    [InlineData("nosuchchannel 00\n", "error no such channel")]
    [InlineData("onlyone\n", "error expected '<channel> <uuid>'")]
    public async Task A_bad_identify_line_gets_an_error_line(string line, string expected)
    {
        await using var relay = await RelayTestHost.StartAsync();
        var (socket, answer) = await relay.ConnectAsync(line);
        using (socket)
        {
            Assert.Equal(expected, answer);
        }
    }

    [Fact]
    public async Task An_identify_line_of_256_bytes_or_more_is_refused()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var (socket, answer) = await relay.ConnectAsync(new string('a', 300));
        using (socket)
        {
            Assert.Equal("error identify line too long", answer);
        }
    }

    [Fact]
    public async Task A_second_connection_of_a_role_is_refused_while_the_first_waits_and_admitted_once_it_has_gone()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender");
        var line = $"{sender.Channel} {sender.Uuid}\n";
        var (first, answer) = await relay.ConnectAsync(line);
        Assert.Equal("ok", answer);

        var (second, refused) = await relay.ConnectAsync(line);
        second.Dispose();
        Assert.Equal("error already connected", refused);

        first.Dispose();
        // The relay frees the seat when it sees the close; until then a reconnect is still refused.
        var deadline = DateTime.UtcNow + RelayTestHost.Patience;
        string again;
        do
        {
            var (third, reply) = await relay.ConnectAsync(line);
            third.Dispose();
            again = reply;
        }
        while (again != "ok" && DateTime.UtcNow < deadline);
        Assert.Equal("ok", again);
    }

    [Fact]
    public async Task Stapled_connections_carry_bytes_both_ways_and_close_true_closes_both()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender");
        var recipient = await relay.JoinAsync(http, "recipient", sender.Channel);

        var (a, okA) = await relay.ConnectAsync($"{sender.Channel} {sender.Uuid}\nearly");
        var (b, okB) = await relay.ConnectAsync($"{sender.Channel} {recipient.Uuid}\n");
        using (a)
        using (b)
        {
            Assert.Equal(("ok", "ok"), (okA, okB));
            var early = new byte[5];
            Assert.Equal(5, await b.ReceiveAsync(early).WaitAsync(RelayTestHost.Patience));
            Assert.Equal("early", Encoding.ASCII.GetString(early));
            await b.SendAsync("back"u8.ToArray());
            var back = new byte[4];
            Assert.Equal(4, await a.ReceiveAsync(back).WaitAsync(RelayTestHost.Patience));
            var state = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid));
            Assert.True(state.Body!.Stapled);

            var closed = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, recipient.Uuid, Close: true));

            Assert.Equal(HttpStatusCode.OK, closed.Status);
            Assert.Empty(await RelayTestHost.ReadToEndAsync(a));
            Assert.Empty(await RelayTestHost.ReadToEndAsync(b));
            var gone = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid));
            Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        }
    }

    [Fact]
    public async Task A_half_close_is_passed_on_after_what_was_sent_and_the_other_direction_keeps_flowing()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender");
        var recipient = await relay.JoinAsync(http, "recipient", sender.Channel);
        var (a, _) = await relay.ConnectAsync($"{sender.Channel} {sender.Uuid}\n");
        var (b, _) = await relay.ConnectAsync($"{sender.Channel} {recipient.Uuid}\n");
        using (a)
        using (b)
        {
            var payload = new byte[300_000];
            Random.Shared.NextBytes(payload);
            await a.SendAsync(payload);
            a.Shutdown(System.Net.Sockets.SocketShutdown.Send);

            Assert.Equal(payload, await RelayTestHost.ReadToEndAsync(b));
            await b.SendAsync("still open"u8.ToArray());
            b.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            Assert.Equal("still open"u8.ToArray(), await RelayTestHost.ReadToEndAsync(a));
        }
    }

    [Fact]
    public async Task An_idle_channel_expires_and_its_waiting_connection_is_closed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await RelayTestHost.StartAsync(new { tcpListen = new[] { "127.0.0.1:0" }, channelIdleSeconds = 60 }, time);
        using var http = relay.Http();
        var sender = await relay.JoinAsync(http, "sender");
        var (socket, answer) = await relay.ConnectAsync($"{sender.Channel} {sender.Uuid}\n");
        using (socket)
        {
            Assert.Equal("ok", answer);
            time.Advance(TimeSpan.FromSeconds(59));
            var alive = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid));
            Assert.Equal(HttpStatusCode.OK, alive.Status);

            time.Advance(TimeSpan.FromSeconds(61));

            Assert.Empty(await RelayTestHost.ReadToEndAsync(socket));
            var gone = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(sender.Channel, sender.Uuid));
            Assert.Equal((HttpStatusCode.NotFound, "no such channel"), (gone.Status, gone.Error));
        }
    }

    [Fact]
    public async Task Max_channels_is_enforced_with_429()
    {
        await using var relay = await RelayTestHost.StartAsync(new { tcpListen = new[] { "127.0.0.1:0" }, maxChannels = 1 });
        using var http = relay.Http();
        await relay.JoinAsync(http, "sender");

        var refused = await RelayTestHost.PostAsync<JoinResponse>(http, "join", new JoinRequest("sender"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
    }
}
