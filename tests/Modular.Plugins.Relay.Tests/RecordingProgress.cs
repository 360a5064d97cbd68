using Modular.Plugins.Relay.Client;

namespace Modular.Plugins.Relay.Tests;

/// <summary>Records what a transfer reports; can cancel the transfer after some bytes to cut it mid-way.</summary>
internal sealed class RecordingProgress(CancellationTokenSource? cancelAfter = null, long cancelAtBytes = long.MaxValue) : ITransferProgress
{
    private long _advanced;

    public long Total { get; private set; } = -1;

    public long Resumed { get; private set; } = -1;

    public long Advanced => Interlocked.Read(ref _advanced);

    public bool Finished { get; private set; }

    public void Start(long totalBytes, long resumedBytes) => (Total, Resumed) = (totalBytes, resumedBytes);

    public void Advance(long bytes)
    {
        if (Interlocked.Add(ref _advanced, bytes) >= cancelAtBytes)
        {
            cancelAfter?.Cancel();
        }
    }

    public void Finish() => Finished = true;
}
