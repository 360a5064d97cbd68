using System.Net;
using System.Net.Sockets;

namespace Modular.Bench;

/// <summary>
/// The baseline of the relay benchmark: two plain TCP forwarders in a row (source -> first -> second -> sink),
/// copying with <see cref="Stream.CopyToAsync(Stream)"/>, no identification, no crypto.
/// </summary>
internal sealed class RelayBaselineChain : IAsyncDisposable
{
    private readonly TcpListener _sink = new(IPAddress.Loopback, 0);
    private readonly TcpListener _second = new(IPAddress.Loopback, 0);
    private readonly TcpListener _first = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public static Task<RelayBaselineChain> StartAsync()
    {
        var chain = new RelayBaselineChain();
        chain._sink.Start();
        chain._second.Start();
        chain._first.Start();
        chain._loops.Add(chain.ForwardLoopAsync(chain._second, ((IPEndPoint)chain._sink.LocalEndpoint).Port));
        chain._loops.Add(chain.ForwardLoopAsync(chain._first, ((IPEndPoint)chain._second.LocalEndpoint).Port));
        return Task.FromResult(chain);
    }

    public async Task CopyFileAsync(string source, string destination)
    {
        var accept = _sink.AcceptSocketAsync(_stop.Token).AsTask();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_first.LocalEndpoint).Port).ConfigureAwait(false);
        using var sink = await accept.ConfigureAwait(false);
        var receive = Task.Run(async () =>
        {
            await using var output = File.Create(destination);
            await using var network = new NetworkStream(sink);
            await network.CopyToAsync(output, 256 * 1024).ConfigureAwait(false);
        });
        await using (var input = File.OpenRead(source))
        await using (var network = new NetworkStream(client))
        {
            await input.CopyToAsync(network, 256 * 1024).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
            await receive.ConfigureAwait(false);
        }
    }

    public async Task CopyMemoryAsync(long size)
    {
        var accept = _sink.AcceptSocketAsync(_stop.Token).AsTask();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_first.LocalEndpoint).Port).ConfigureAwait(false);
        using var sink = await accept.ConfigureAwait(false);
        var drain = RelayBenchmark.DrainAsync(sink);
        await RelayBenchmark.WriteZerosAsync(client, size).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
        if (await drain.ConfigureAwait(false) != size)
        {
            throw new InvalidOperationException("the chained relays lost bytes");
        }
    }

    private async Task ForwardLoopAsync(TcpListener listener, int nextPort)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inbound;
            try
            {
                inbound = await listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ForwardAsync(inbound, nextPort));
        }
    }

    private static async Task ForwardAsync(Socket inbound, int nextPort)
    {
        using (inbound)
        using (var outbound = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            await outbound.ConnectAsync(IPAddress.Loopback, nextPort).ConfigureAwait(false);
            await using var a = new NetworkStream(inbound);
            await using var b = new NetworkStream(outbound);
            var up = CopyThenShutdownAsync(a, outbound);
            var down = CopyThenShutdownAsync(b, inbound);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }

        static async Task CopyThenShutdownAsync(NetworkStream from, Socket to)
        {
            await from.CopyToAsync(new NetworkStream(to, ownsSocket: false), 256 * 1024).ConfigureAwait(false);
            to.Shutdown(SocketShutdown.Send);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _first.Stop();
        _second.Stop();
        _sink.Stop();
        _stop.Dispose();
    }
}
