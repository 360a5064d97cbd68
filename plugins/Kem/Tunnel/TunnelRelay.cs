using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Modular.Plugins.Kem.Tunnel;

/// <summary>
/// Both ends of a tunnel run this: packets from the transport are opened and written to their channel's
/// socket; what a channel's socket reads is sealed into packets. Writes to a socket are awaited before the
/// next packet is read, so a slow reader slows the tunnel instead of growing a buffer.
/// </summary>
public sealed class TunnelRelay : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly TunnelPacketSealer _sealer;
    private readonly TunnelPacketOpener _opener;
    private readonly Func<ushort, CancellationToken, Task<Socket>>? _openChannel;
    private readonly ILogger _logger;
    private readonly int _chunkBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<ushort, TunnelChannel> _channels = new();
    private readonly List<Task> _pumps = [];
    private bool _stopped;
    private long _bytesToChannels;
    private long _bytesFromChannels;

    /// <param name="openChannel">Opens a channel on its first packet (the tunnel server); null when channels are only attached (the client).</param>
    /// <param name="chunkBytes">The most read from a channel's socket, or gathered for it, at a time; each direction of each channel holds one such buffer.</param>
    public TunnelRelay(IDuplexPipe transport, byte[] sealKey, byte[] openKey, Func<ushort, CancellationToken, Task<Socket>>? openChannel, int chunkBytes, ILogger logger)
    {
        _chunkBytes = chunkBytes;
        _transport = transport;
        _sealer = new TunnelPacketSealer(sealKey);
        _opener = new TunnelPacketOpener(openKey);
        _openChannel = openChannel;
        _logger = logger;
    }

    /// <summary>Bytes taken from the tunnel and written to channel sockets.</summary>
    public long BytesToChannels => Interlocked.Read(ref _bytesToChannels);

    /// <summary>Bytes read from channel sockets and sent through the tunnel.</summary>
    public long BytesFromChannels => Interlocked.Read(ref _bytesFromChannels);

    /// <summary>Carries <paramref name="socket"/> on <paramref name="channel"/>; the task completes when the channel is done.</summary>
    public Task Attach(ushort channel, Socket socket)
    {
        var added = new TunnelChannel(channel, socket);
        lock (_pumps)
        {
            if (_stopped)
            {
                // The tunnel has already ended: the local connection is closed at once.
                added.Abort();
                return added.Done;
            }
            if (!_channels.TryAdd(channel, added))
            {
                added.Abort();
                throw new InvalidOperationException($"channel {channel} is already in use");
            }
            StartPump(added);
        }
        return added.Done;
    }

    /// <summary>Relays until the transport ends, the peer breaks the protocol, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        var input = _transport.Input;
        var pending = new byte[_chunkBytes];
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                ushort pendingChannel = 0;
                var pendingLength = 0;
                try
                {
                    // Consecutive packets of one channel are written to its socket in one call.
                    while (_opener.TryOpen(ref buffer, out var channel, out var data))
                    {
                        var length = data.Length;
                        if (pendingLength > 0 && (channel != pendingChannel || length == 0 || pendingLength + length > pending.Length))
                        {
                            await DeliverAsync(pendingChannel, pending.AsMemory(0, pendingLength), token).ConfigureAwait(false);
                            pendingLength = 0;
                        }
                        if (length == 0)
                        {
                            await DeliverAsync(channel, ReadOnlyMemory<byte>.Empty, token).ConfigureAwait(false);
                            continue;
                        }
                        data.Span.CopyTo(pending.AsSpan(pendingLength));
                        pendingChannel = channel;
                        pendingLength += length;
                    }
                    if (pendingLength > 0)
                    {
                        await DeliverAsync(pendingChannel, pending.AsMemory(0, pendingLength), token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (TunnelProtocolException e)
        {
            _logger.LogWarning("tunnel closed: {Reason}", e.Message);
        }
        catch (SocketException e)
        {
            _logger.LogWarning("tunnel closed: cannot reach a remote: {Reason}", e.Message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ConnectionResetException)
        {
            _logger.LogDebug("tunnel ended: {Reason}", e.Message);
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(ushort channelId, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        if (!_channels.TryGetValue(channelId, out var channel))
        {
            if (_openChannel is null || data.IsEmpty)
            {
                throw new TunnelProtocolException($"packet for channel {channelId}, which is not open");
            }
            channel = new TunnelChannel(channelId, await _openChannel(channelId, token).ConfigureAwait(false));
            _channels[channelId] = channel;
            StartPump(channel);
        }
        if (channel.InboundClosed)
        {
            // Data already in flight when the channel's socket failed, or after the peer's own close: dropped.
            return;
        }
        if (data.IsEmpty)
        {
            channel.CloseInbound();
            return;
        }
        try
        {
            await channel.Stream.WriteAsync(data, token).ConfigureAwait(false);
            Interlocked.Add(ref _bytesToChannels, data.Length);
        }
        catch (IOException e)
        {
            _logger.LogDebug("channel {Channel}: the socket refused data: {Reason}", channelId, e.Message);
            channel.CloseInbound();
        }
    }

    private void StartPump(TunnelChannel channel)
    {
        lock (_pumps)
        {
            _pumps.Add(Task.Run(() => PumpAsync(channel)));
        }
    }

    private async Task PumpAsync(TunnelChannel channel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_chunkBytes);
        var sentAny = false;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await channel.Stream.ReadAsync(buffer.AsMemory(0, _chunkBytes), _stop.Token).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    read = 0;
                }
                if (read == 0)
                {
                    break;
                }
                if (!await WritePacketsAsync(channel.Id, buffer.AsMemory(0, read)).ConfigureAwait(false))
                {
                    return;
                }
                sentAny = true;
                Interlocked.Add(ref _bytesFromChannels, read);
            }
            // The tunnel server opens a channel on its first data; one the client never sent on does not exist
            // there, and an end packet for it would be a protocol error that ends the whole tunnel.
            if (!sentAny && _openChannel is null)
            {
                channel.Abort();
                return;
            }
            await WritePacketsAsync(channel.Id, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or ConnectionResetException)
        {
            _logger.LogDebug("channel {Channel}: stopped: {Reason}", channel.Id, e.Message);
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            channel.CloseOutbound();
        }
    }

    /// <summary>Seals <paramref name="data"/> into as many packets as it needs (one when empty) and flushes; false when the transport is gone.</summary>
    private async Task<bool> WritePacketsAsync(ushort channel, ReadOnlyMemory<byte> data)
    {
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            var output = _transport.Output;
            do
            {
                var chunk = Math.Min(data.Length, TunnelWire.MaxData);
                var written = _sealer.Seal(channel, data.Span[..chunk], output.GetSpan(TunnelWire.HeaderLength + TunnelWire.MinLength + chunk));
                output.Advance(written);
                data = data[chunk..];
            }
            while (!data.IsEmpty);
            var flush = await output.FlushAsync(_stop.Token).ConfigureAwait(false);
            return !flush.IsCompleted && !flush.IsCanceled;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        Task[] pumps;
        lock (_pumps)
        {
            _stopped = true;
            pumps = [.. _pumps];
        }
        foreach (var channel in _channels.Values)
        {
            channel.Abort();
        }
        await Task.WhenAll(pumps).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _sealer.Dispose();
        _opener.Dispose();
        _writeLock.Dispose();
        _stop.Dispose();
    }
}
