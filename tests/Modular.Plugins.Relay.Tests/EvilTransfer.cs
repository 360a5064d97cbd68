using System.Net.Sockets;
using Modular.Plugins.Relay.Client;
using Modular.Plugins.Relay.Pake;
using Modular.Plugins.Relay.Transfer;

namespace Modular.Plugins.Relay.Tests;

/// <summary>
/// A real recipient receiving into a folder, stapled to an <see cref="EvilSender"/>: the test writes frames
/// of its choosing with <see cref="Writer"/> (or raw bytes to <see cref="Stream"/>) and reads the answers.
/// </summary>
internal sealed class EvilTransfer : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly RelayClient _recipient;

    private EvilTransfer(HttpClient http, RelayClient recipient, Task<TransferResult> receive, NetworkStream stream, RelayKeys keys)
    {
        (_http, _recipient, Receive, Stream, Keys) = (http, recipient, receive, stream, keys);
        Writer = new FrameWriter(stream, keys.SenderToRecipient);
        Reader = new FrameReader(stream, keys.RecipientToSender);
    }

    /// <summary>The recipient's <c>ReceiveAsync</c>.</summary>
    public Task<TransferResult> Receive { get; }

    public NetworkStream Stream { get; }

    public RelayKeys Keys { get; }

    public FrameWriter Writer { get; }

    public FrameReader Reader { get; }

    public static async Task<EvilTransfer> StartAsync(RelayTestHost relay, string output)
    {
        var http = RelayChannelClient.CreateHttpClient(relay.Settings());
        var evil = await EvilSender.JoinAsync(relay, http);
        var recipient = relay.Client();
        var receive = recipient.ReceiveAsync(evil.Code, output, overwrite: false);
        var (stream, keys) = await evil.StapleAsync();
        return new EvilTransfer(http, recipient, receive, stream, keys);
    }

    public async ValueTask DisposeAsync()
    {
        Writer.Dispose();
        Reader.Dispose();
        await Stream.DisposeAsync();
        _recipient.Dispose();
        _http.Dispose();
    }
}
