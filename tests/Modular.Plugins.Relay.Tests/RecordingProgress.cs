using Modular.Plugins.Relay.Client;

namespace Modular.Plugins.Relay.Tests;

/// <summary>
/// Records what a transfer reports. With <c>cut</c>, it cancels the transfer once <c>cutAtBytes</c> have gone out and
/// <c>peer</c> has received something, so that a cut always leaves a partial file behind.
/// </summary>
internal sealed class RecordingProgress(CancellationTokenSource? cut = null, long cutAtBytes = long.MaxValue, RecordingProgress? peer = null) : ITransferProgress
{
    private long _advanced;

    public long Total { get; private set; } = -1;

    public long Resumed { get; private set; } = -1;

    public long Advanced => Interlocked.Read(ref _advanced);

    public bool Finished { get; private set; }

    public void Start(long totalBytes, long resumedBytes) => (Total, Resumed) = (totalBytes, resumedBytes);

    public void Advance(long bytes)
    {
        if (Interlocked.Add(ref _advanced, bytes) >= cutAtBytes && cut is { IsCancellationRequested: false })
        {
            // Runs on the sender's transfer path: holding it here lets the recipient catch up before the cut.
            Assert.True(SpinWait.SpinUntil(() => peer is null || peer.Advanced > 0, RelayTestHost.Patience), "the recipient received nothing");
            cut.Cancel();
        }
    }

    public void Finish() => Finished = true;
}
