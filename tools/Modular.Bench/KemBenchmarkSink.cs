namespace Modular.Bench;

/// <summary>Hands the byte count of each finished sink connection to whoever waits for it.</summary>
internal sealed class KemBenchmarkSink
{
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long> Next()
    {
        _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return _next.Task;
    }

    public void Counted(long total) => _next.TrySetResult(total);
}
