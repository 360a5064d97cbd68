using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modular.Sdk.Noise;
using Modular.Testing;

namespace Modular.Plugins.T3p.Tests.Noise;

/// <summary>The host's <c>rpc.noiseListen</c> transport over real TCP: calls, and bad frames that must close cleanly.</summary>
public sealed class NoiseTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(new { rpc = new { noiseListen = "127.0.0.1:0" }, state = new { provider = "memory" }, plugins = Array.Empty<object>() });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IPEndPoint NoiseEndPoint => _host.Listeners.Get("host", "noise");

    private ReadOnlyMemory<byte> ServerKey => _host.Services.GetRequiredService<INoiseHostKey>().KeyPair.PublicKey;

    [Fact]
    public async Task A_call_over_Noise_reaches_the_host_and_the_key_file_exists()
    {
        using var rpc = await NoiseRpcClient.ConnectAsync(NoiseEndPoint.ToString(), ServerKey, NoiseKeyPair.Generate());

        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping").WaitAsync(Timeout));
        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins").WaitAsync(Timeout);
        Assert.Equal(NoiseEndPoint.ToString(), plugins[0].GetProperty("listeners").GetProperty("noise").GetString());
        Assert.Equal(Convert.ToHexStringLower(ServerKey.Span), Convert.ToHexStringLower(NoiseKeyFile.Read(Path.Combine(_host.DataDirectory, "noise.key")).PublicKey.Span));
    }

    [Fact]
    public async Task A_handshake_with_the_wrong_server_key_fails_and_the_server_keeps_serving()
    {
        var wrongKey = NoiseKeyPair.Generate().PublicKey;

        var failure = await Record.ExceptionAsync(() => NoiseRpcClient.ConnectAsync(NoiseEndPoint.ToString(), wrongKey, NoiseKeyPair.Generate()).WaitAsync(Timeout));

        Assert.True(failure is NoiseException or IOException, $"unexpected {failure}");
        using var rpc = await NoiseRpcClient.ConnectAsync(NoiseEndPoint.ToString(), ServerKey, NoiseKeyPair.Generate());
        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping").WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_truncated_handshake_frame_is_closed()
    {
        using var tcp = await ConnectTcpAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(new byte[] { 0, 48, 1, 2, 3 });
        tcp.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal(0, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task An_oversized_handshake_frame_is_closed_before_its_body_arrives()
    {
        using var tcp = await ConnectTcpAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(new byte[] { 0xff, 0xff, 0 });

        Assert.Equal(0, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task A_garbled_transport_frame_is_closed()
    {
        using var tcp = await ConnectTcpAsync();
        var stream = tcp.GetStream();
        using var channel = await NoiseChannel.ConnectAsync(PipeReader.Create(stream), PipeWriter.Create(stream), NoiseKeyPair.Generate(), ServerKey).WaitAsync(Timeout);
        var garbage = new byte[2 + 40];
        BinaryPrimitives.WriteUInt16BigEndian(garbage, 40);
        garbage.AsSpan(2).Fill(0x5a);
        await stream.WriteAsync(garbage);

        Assert.Equal(0, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task A_transport_message_that_is_not_json_gets_a_parse_error_and_the_connection_stays()
    {
        using var tcp = await ConnectTcpAsync();
        var stream = tcp.GetStream();
        using var channel = await NoiseChannel.ConnectAsync(PipeReader.Create(stream), PipeWriter.Create(stream), NoiseKeyPair.Generate(), ServerKey).WaitAsync(Timeout);

        await channel.WriteAsync("not json"u8.ToArray());
        var reply = await channel.ReadAsync().AsTask().WaitAsync(Timeout);
        await channel.WriteAsync("""{"jsonrpc":"2.0","id":7,"method":"host.ping"}"""u8.ToArray());
        var pong = await channel.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(-32700, JsonDocument.Parse(reply!).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("pong", JsonDocument.Parse(pong!).RootElement.GetProperty("result").GetString());
    }

    private async Task<TcpClient> ConnectTcpAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(NoiseEndPoint).WaitAsync(Timeout);
        return tcp;
    }

    /// <summary>Bytes the server sent until it closed; a hang fails the test after the timeout.</summary>
    private static async Task<int> ReadToEndAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var total = 0;
        using var cts = new CancellationTokenSource(Timeout);
        int read;
        do
        {
            read = await stream.ReadAsync(buffer, cts.Token);
            total += read;
        }
        while (read > 0);
        return total;
    }
}
