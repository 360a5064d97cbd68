using Modular.Sdk.Listeners;

namespace Modular.Plugins.Relay.Server;

/// <summary>
/// Two connections stapled together by <see cref="ConnectionSplice"/>: bytes are copied both ways, an end
/// of stream is passed on as a half-close, and a reset or the channel closing aborts both. What sits in the
/// relay per direction is bounded by Kestrel's input pipe (it stops reading at 1 MiB) plus one send.
/// </summary>
public sealed class StapledPair(PeerConnection sender, PeerConnection recipient, Action onActivity, CancellationToken channelClosed)
{
    public async Task RunAsync()
    {
        try
        {
            await ConnectionSplice.RunAsync(sender.Connection, recipient.Connection, _ => onActivity(), _ => onActivity(), channelClosed).ConfigureAwait(false);
        }
        finally
        {
            sender.Close();
            recipient.Close();
        }
    }
}
