using System.Security.Cryptography;
using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Protocol;
using Modular.Plugins.Relay.Transfer;
using Modular.Testing;

namespace Modular.Plugins.Relay.Tests;

public sealed class RelayTransferTests
{
    [Fact]
    public async Task Send_of_a_folder_and_receive_produce_identical_files()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var source = TestHost.CreateTempDirectory();
        var folder = Path.Combine(source, "photos");
        Directory.CreateDirectory(Path.Combine(folder, "2024", "summer"));
        var files = new Dictionary<string, byte[]>
        {
            ["a.txt"] = "hello relay"u8.ToArray(),
            ["empty.bin"] = [],
            [Path.Combine("2024", "big.bin")] = RandomNumberGenerator.GetBytes(700_000),
            [Path.Combine("2024", "summer", "beach.jpg")] = RandomNumberGenerator.GetBytes(65_536),
        };
        foreach (var (path, bytes) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, path), bytes);
        }
        var output = TestHost.CreateTempDirectory();
        var sendProgress = new RecordingProgress();
        var receiveProgress = new RecordingProgress();

        var (sent, received) = await TransferAsync(relay, [folder], output, sendProgress, receiveProgress);

        foreach (var (path, bytes) in files)
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(output, "photos", path)));
        }
        Assert.Empty(Directory.EnumerateFiles(output, "*.part", SearchOption.AllDirectories));
        var total = files.Values.Sum(b => (long)b.Length);
        Assert.Equal((total, total), (sent.Bytes, received.Bytes));
        Assert.Equal((total, 0L, total, true), (receiveProgress.Total, receiveProgress.Resumed, receiveProgress.Advanced, receiveProgress.Finished));
        Assert.Contains(received.Files, f => f.Path == "photos/2024/summer/beach.jpg");
    }

    [Theory]
    [InlineData("p384")]
    [InlineData("p521")]
    public async Task A_transfer_works_on_the_larger_curves(string curve)
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "doc.bin");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(10_000));
        var output = TestHost.CreateTempDirectory();

        await TransferAsync(relay, [file], output, curve: curve);

        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(output, "doc.bin")));
    }

    [Fact]
    public async Task A_wrong_password_stops_both_sides_with_a_clear_message_and_writes_nothing()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "secret.txt");
        await File.WriteAllTextAsync(file, "secret");
        var output = TestHost.CreateTempDirectory();
        using var sender = relay.Client();
        using var recipient = relay.Client();
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var send = sender.SendAsync([file], null, code.SetResult);
        var wrong = (await code.Task.WaitAsync(RelayTestHost.Patience)) + "x";
        var receive = recipient.ReceiveAsync(wrong, output, overwrite: false);

        var sendError = await Assert.ThrowsAsync<RelayException>(() => send.WaitAsync(RelayTestHost.Patience));
        var receiveError = await Assert.ThrowsAsync<RelayException>(() => receive.WaitAsync(RelayTestHost.Patience));
        Assert.Contains("mistyped", sendError.Message);
        Assert.Contains("code is wrong", receiveError.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public async Task A_sender_that_disconnects_mid_transfer_leaves_a_part_file_that_the_next_transfer_resumes()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "movie.bin");
        var content = RandomNumberGenerator.GetBytes(1_000_000);
        await File.WriteAllBytesAsync(file, content);
        var output = TestHost.CreateTempDirectory();

        using (var cut = new CancellationTokenSource())
        {
            var receiving = new RecordingProgress();
            var cutting = new RecordingProgress(cut, cutAtBytes: 300_000, peer: receiving);
            var attempt = TransferAsync(relay, [file], output, cutting, receiving, sendCancel: cut.Token);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => attempt.WaitAsync(RelayTestHost.Patience));
            Assert.True(error is OperationCanceledException or RelayException, error.ToString());
        }
        var part = Path.Combine(output, "movie.bin.part");
        await WaitUntilAsync(() => File.Exists(part) && !IsLocked(part));
        var held = new FileInfo(part).Length;
        Assert.InRange(held, 1, content.Length - 1);
        Assert.False(File.Exists(Path.Combine(output, "movie.bin")));

        var resumed = new RecordingProgress();
        var (_, received) = await TransferAsync(relay, [file], output, receiveProgress: resumed);

        Assert.Equal(held, resumed.Resumed);
        Assert.Equal(content.Length - held, received.Bytes);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(output, "movie.bin")));
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task An_existing_file_is_refused_unless_overwrite_is_asked()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "note.txt");
        await File.WriteAllTextAsync(file, "new");
        var output = TestHost.CreateTempDirectory();
        await File.WriteAllTextAsync(Path.Combine(output, "note.txt"), "old");

        var refused = await Assert.ThrowsAsync<RelayException>(() => TransferAsync(relay, [file], output));
        Assert.Contains("already exists", refused.Message);
        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(output, "note.txt")));

        await TransferAsync(relay, [file], output, overwrite: true);
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(output, "note.txt")));
    }

    [Fact]
    public async Task A_malicious_offer_with_dot_dot_paths_is_rejected_and_nothing_is_written()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var root = TestHost.CreateTempDirectory();
        var output = Path.Combine(root, "out");
        Directory.CreateDirectory(output);
        await using var evil = await EvilTransfer.StartAsync(relay, output);

        await evil.Writer.WriteControlAsync(ControlMessage.Offer([new OfferedFile("../escape.txt", 4, new string('0', 64))]), CancellationToken.None);
        var answer = await evil.Reader.ReadControlAsync(CancellationToken.None).WaitAsync(RelayTestHost.Patience);

        Assert.Equal("reject", answer.Type);
        Assert.Contains("'..'", answer.Reason);
        var error = await Assert.ThrowsAsync<RelayException>(() => evil.Receive.WaitAsync(RelayTestHost.Patience));
        Assert.Contains("refused", error.Message);
        Assert.Equal([output], Directory.EnumerateFileSystemEntries(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public async Task A_frame_tampered_on_the_way_stops_the_recipient()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var output = TestHost.CreateTempDirectory();
        await using var evil = await EvilTransfer.StartAsync(relay, output);
        var data = RandomNumberGenerator.GetBytes(1000);

        await evil.Writer.WriteControlAsync(ControlMessage.Offer([new OfferedFile("f.bin", data.Length, Convert.ToHexStringLower(SHA256.HashData(data)))]), CancellationToken.None);
        Assert.Equal("accept", (await evil.Reader.ReadControlAsync(CancellationToken.None).WaitAsync(RelayTestHost.Patience)).Type);
        // The frame the writer would send next (counter 1), sealed aside so one bit of it can be flipped.
        var sealedFrame = new MemoryStream();
        using (var sealer = new FrameWriter(sealedFrame, evil.Keys.SenderToRecipient))
        {
            await sealer.WriteAsync(FrameType.Control, "{}"u8.ToArray(), CancellationToken.None);
            await sealer.WriteAsync(FrameType.FileData, data, CancellationToken.None);
            await sealer.FlushAsync();
        }
        var bytes = sealedFrame.ToArray()[(FrameCodec.HeaderSize + 1 + 2 + FrameCodec.TagSize)..];
        bytes[100] ^= 0x80;
        await evil.Stream.WriteAsync(bytes);

        var error = await Assert.ThrowsAsync<RelayException>(() => evil.Receive.WaitAsync(RelayTestHost.Patience));
        Assert.Contains("altered in transit", error.Message);
        Assert.False(File.Exists(Path.Combine(output, "f.bin")));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_offered_hash_are_discarded_and_reported_to_the_sender()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var output = TestHost.CreateTempDirectory();
        await using var evil = await EvilTransfer.StartAsync(relay, output);

        await evil.Writer.WriteControlAsync(ControlMessage.Offer([new OfferedFile("f.bin", 4, Convert.ToHexStringLower(SHA256.HashData("good"u8)))]), CancellationToken.None);
        Assert.Equal("accept", (await evil.Reader.ReadControlAsync(CancellationToken.None).WaitAsync(RelayTestHost.Patience)).Type);
        await evil.Writer.WriteAsync(FrameType.FileData, "evil"u8.ToArray(), CancellationToken.None);
        await evil.Writer.WriteControlAsync(ControlMessage.Done, CancellationToken.None);
        var verdict = await evil.Reader.ReadControlAsync(CancellationToken.None).WaitAsync(RelayTestHost.Patience);

        Assert.Equal(("error", "SHA-256 mismatch for f.bin"), (verdict.Type, verdict.Reason));
        var error = await Assert.ThrowsAsync<RelayException>(() => evil.Receive.WaitAsync(RelayTestHost.Patience));
        Assert.Contains("SHA-256 mismatch", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public async Task A_recipient_posting_a_point_off_the_curve_stops_the_sender_which_closes_the_channel()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var file = Path.Combine(TestHost.CreateTempDirectory(), "x.txt");
        await File.WriteAllTextAsync(file, "x");
        using var sender = relay.Client();
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var send = sender.SendAsync([file], null, code.SetResult);
        var channel = RelayCode.Parse(await code.Task.WaitAsync(RelayTestHost.Patience)).Channel;
        using var http = relay.Http("127.0.0.2");
        var joined = await relay.JoinAsync(http, "recipient", channel);
        var offCurve = Spake2Curve.P256.G.GetEncoded(false);
        offCurve[^1] ^= 1;

        await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(channel, joined.Uuid, Y: Convert.ToHexStringLower(offCurve), HhK: new string('a', 64)));

        var error = await Assert.ThrowsAsync<RelayException>(() => send.WaitAsync(RelayTestHost.Patience));
        Assert.Contains("invalid key share", error.Message);
        var gone = await RelayTestHost.PostAsync<ChannelState>(http, "channel", new ChannelRequest(channel, joined.Uuid));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task A_code_for_a_channel_that_does_not_exist_is_a_clear_error()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var recipient = relay.Client();

        var error = await Assert.ThrowsAsync<RelayException>(() => recipient.ReceiveAsync("nosuchchannel-tiger-plum", TestHost.CreateTempDirectory(), false));

        Assert.Equal((int?)404, error.Status);
        Assert.Contains("no such channel", error.Message);
    }

    private static async Task<(TransferResult Sent, TransferResult Received)> TransferAsync(RelayTestHost relay, string[] paths, string output,
        RecordingProgress? sendProgress = null, RecordingProgress? receiveProgress = null, string? curve = null, bool overwrite = false,
        CancellationToken sendCancel = default)
    {
        using var sender = relay.Client();
        using var recipient = relay.Client(System.Net.IPAddress.Parse("127.0.0.2"));
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var send = sender.SendAsync(paths, curve, code.SetResult, sendProgress, sendCancel);
        var first = await Task.WhenAny(code.Task, send).WaitAsync(RelayTestHost.Patience);
        if (first == send)
        {
            await send;
        }
        var receive = recipient.ReceiveAsync(await code.Task, output, overwrite, receiveProgress);
        try
        {
            return (await send.WaitAsync(RelayTestHost.Patience), await receive.WaitAsync(RelayTestHost.Patience));
        }
        finally
        {
            // Whatever failed first, the other side must also have ended before the test goes on.
            await Task.WhenAny(Task.WhenAll(send, receive), Task.Delay(RelayTestHost.Patience));
        }
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + RelayTestHost.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
