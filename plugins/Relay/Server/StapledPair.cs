using System.Buffers;
using System.IO.Pipelines;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// Two connections stapled together: bytes are copied both ways, at most <c>window</c> bytes at a time per
/// direction before waiting for the far side's output to drain (Kestrel's pipes bound what sits in between).
/// When either direction ends, or the channel closes, both connections close.
/// </summary>
public sealed class StapledPair(PeerConnection sender, PeerConnection recipient, int window, Action onActivity, CancellationToken channelClosed)
{
    public async Task RunAsync()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(channelClosed);
        try
        {
            var up = CopyAsync(sender.Transport.Input, recipient.Transport.Output, stop.Token);
            var down = CopyAsync(recipient.Transport.Input, sender.Transport.Output, stop.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Quietly(up), Quietly(down)).ConfigureAwait(false);
        }
        finally
        {
            sender.Close();
            recipient.Close();
        }
    }

    private async Task CopyAsync(PipeReader from, PipeWriter to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var chunk = buffer.Length > window ? buffer.Slice(0, window) : buffer;
            foreach (var segment in chunk)
            {
                to.Write(segment.Span);
            }
            from.AdvanceTo(chunk.End);
            if (!chunk.IsEmpty)
            {
                onActivity();
                var flush = await to.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    return;
                }
            }
            if (result.IsCanceled || (result.IsCompleted && chunk.Length == buffer.Length))
            {
                return;
            }
        }
    }

    // The direction that did not end first is cancelled on purpose, and a reset peer ends a copy with an
    // IOException: either way the pair closes, which is all that is left to do.
    private static async Task Quietly(Task copy)
    {
        try
        {
            await copy.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return;
        }
    }
}
