using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Modular.Bench;

/// <summary>
/// The kem benchmark's HTTP load generator, in a process of its own (<c>modular-bench kem-load HOST:PORT CONNECTIONS</c>),
/// as wrk would be: its garbage collections and thread-pool work stay out of the broker's process, and its CPU time
/// can be told apart from the broker's. Its process runs with the runtime's socket completions inline, so that each
/// reply is handled on the thread that polled it, as in wrk's event loops; the broker's process keeps the runtime's
/// defaults, as an operator's would.
/// A round, on standard input and output: it takes the path of a file of prepared requests (see
/// <see cref="WriteRequests"/>), opens the connections, waits for its JIT to settle and answers <c>ready</c>; on
/// <c>go</c> it sends the requests and answers <c>done SECONDS CPU-SECONDS</c>, its own CPU time included so that
/// the benchmark can say what the client cost.
/// </summary>
internal static class KemLoadGenerator
{
    public const string Command = "kem-load";

    /// <summary>Set in the load generator's environment: socket completions run on the polling thread.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !IPEndPoint.TryParse(args[0], out var server) || !int.TryParse(args[1], out var connections))
        {
            await Console.Error.WriteLineAsync($"usage: modular-bench {Command} HOST:PORT CONNECTIONS  (started by the kem benchmark)");
            return 2;
        }
        string? path;
        while ((path = await Console.In.ReadLineAsync()) is not null)
        {
            await RoundAsync(server, connections, ReadRequests(path));
        }
        return 0;
    }

    /// <summary>Writes <paramref name="requests"/> for one round: each as its 4-byte length, then its bytes.</summary>
    public static void WriteRequests(string path, IEnumerable<byte[]> requests)
    {
        using var file = new BinaryWriter(File.Create(path));
        foreach (var request in requests)
        {
            file.Write(request.Length);
            file.Write(request);
        }
    }

    private static List<byte[]> ReadRequests(string path)
    {
        var requests = new List<byte[]>();
        using var file = new BinaryReader(File.OpenRead(path));
        while (file.BaseStream.Position < file.BaseStream.Length)
        {
            requests.Add(file.ReadBytes(file.ReadInt32()));
        }
        return requests;
    }

    /// <summary>One round: <paramref name="parallelism"/> keep-alive connections each with one request in flight.</summary>
    private static async Task RoundAsync(IPEndPoint server, int parallelism, List<byte[]> work)
    {
        var connections = new List<KemBenchHttpConnection>();
        for (var c = 0; c < parallelism; c++)
        {
            connections.Add(await KemBenchHttpConnection.OpenAsync(server));
        }
        await JitSettling.WaitForQuietAsync();
        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() != "go")
        {
            throw new InvalidOperationException("the benchmark did not say go");
        }
        var next = -1;
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(connection => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Count)
            {
                if (await connection.ExchangeAsync(work[i]) == 0)
                {
                    throw new InvalidOperationException($"ticket {i}: the broker answered 200 with an empty body");
                }
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        connections.ForEach(c => c.Dispose());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {seconds} {cpuSeconds}"));
    }
}
