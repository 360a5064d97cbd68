using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Modular.Bench;

/// <summary>The benchmark's side of <see cref="KemLoadGenerator"/>: starts its process and hands it one round at a time.</summary>
internal sealed class KemLoadProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _requests = Path.Combine(Path.GetTempPath(), $"kem-bench-requests-{Environment.ProcessId}.bin");

    private KemLoadProcess(Process process) => _process = process;

    public static KemLoadProcess Start(IPEndPoint broker, int connections)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [KemLoadGenerator.Command, broker.ToString(), connections.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        return new KemLoadProcess(Process.Start(start) ?? throw new InvalidOperationException("the load generator did not start"));
    }

    /// <summary>
    /// Sends <paramref name="requests"/> through the load generator. The broker's CPU time is this process's over the
    /// round: the benchmark does nothing else meanwhile.
    /// </summary>
    public async Task<KemBenchRound> RunAsync(IReadOnlyCollection<byte[]> requests)
    {
        KemLoadGenerator.WriteRequests(_requests, requests);
        await SayAsync(_requests);
        await ExpectAsync("ready");
        var cpu = Environment.CpuUsage.TotalTime;
        await SayAsync("go");
        var done = await ExpectAsync("done");
        var brokerCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return new KemBenchRound(requests.Count, double.Parse(done[1], CultureInfo.InvariantCulture), brokerCpu, double.Parse(done[2], CultureInfo.InvariantCulture));
    }

    private async Task SayAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    private async Task<string[]> ExpectAsync(string word)
    {
        var line = await _process.StandardOutput.ReadLineAsync();
        var words = line?.Split(' ') ?? [];
        if (words.Length == 0 || words[0] != word)
        {
            throw new InvalidOperationException($"the load generator answered '{line}' instead of '{word}' (exit code {(_process.HasExited ? _process.ExitCode : "none yet")}); its errors are above");
        }
        return words;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }
        _process.Dispose();
        File.Delete(_requests);
    }
}
