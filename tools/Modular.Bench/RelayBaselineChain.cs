using System.Net;
using System.Net.Sockets;

namespace Modular.Bench;

/// <summary>
/// The baseline of the relay benchmark: two <see cref="PlainTcpRelay"/>s in a row (source -> first -> second
/// -> sink) with 256 KiB buffers, no identification, no crypto.
/// </summary>
internal sealed class RelayBaselineChain : IAsyncDisposable
{
    private const int BufferBytes = 256 * 1024;

    private readonly TcpListener _sink = new(IPAddress.Loopback, 0);
    private readonly PlainTcpRelay _second;
    private readonly PlainTcpRelay _first;

    public RelayBaselineChain()
    {
        _sink.Start();
        _second = new PlainTcpRelay((IPEndPoint)_sink.LocalEndpoint, BufferBytes);
        _first = new PlainTcpRelay(_second.EndPoint, BufferBytes);
    }

    public async Task CopyFileAsync(string source, string destination)
    {
        var accept = _sink.AcceptSocketAsync();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(_first.EndPoint).ConfigureAwait(false);
        using var sink = await accept.ConfigureAwait(false);
        var receive = Task.Run(async () =>
        {
            await using var output = File.Create(destination);
            await using var network = new NetworkStream(sink);
            await network.CopyToAsync(output, BufferBytes).ConfigureAwait(false);
        });
        await using (var input = File.OpenRead(source))
        await using (var network = new NetworkStream(client))
        {
            await input.CopyToAsync(network, BufferBytes).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
            await receive.ConfigureAwait(false);
        }
    }

    public async Task CopyMemoryAsync(long size)
    {
        var accept = _sink.AcceptSocketAsync();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(_first.EndPoint).ConfigureAwait(false);
        using var sink = await accept.ConfigureAwait(false);
        var drain = RelayBenchmark.DrainAsync(sink);
        await RelayBenchmark.WriteZerosAsync(client, size).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
        if (await drain.ConfigureAwait(false) != size)
        {
            throw new InvalidOperationException("the chained relays lost bytes");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync().ConfigureAwait(false);
        await _second.DisposeAsync().ConfigureAwait(false);
        _sink.Stop();
    }
}
