namespace Modular.Plugins.Relay.Client;

/// <summary>Where a send or receive reports its bytes (a progress bar, plain lines, or a test).</summary>
public interface ITransferProgress
{
    /// <summary>The transfer starts: <paramref name="totalBytes"/> in all, <paramref name="resumedBytes"/> of them already held by the recipient.</summary>
    void Start(long totalBytes, long resumedBytes);

    void Advance(long bytes);

    void Finish();
}
