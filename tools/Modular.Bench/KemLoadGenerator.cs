using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Modular.Bench;

/// <summary>
/// The kem benchmark's HTTP load generator, in a process of its own (<c>modular-bench kem-load HOST:PORT CONNECTIONS</c>),
/// as wrk would be: its garbage collections and thread-pool work stay out of the broker's process, and its CPU time
/// can be told apart from the broker's. It serves all its connections from one thread, as a wrk thread does (see
/// <see cref="Round"/>); the broker's process keeps the runtime's defaults, as an operator's would.
/// A round, on standard input and output: it takes the path of a file of prepared requests (see
/// <see cref="WriteRequests"/>), opens the connections, waits for its JIT to settle and answers <c>ready</c>; on
/// <c>go</c> it sends the requests and answers <c>done SECONDS CPU-SECONDS</c>, its own CPU time included so that
/// the benchmark can say what the client cost.
/// </summary>
internal static class KemLoadGenerator
{
    public const string Command = "kem-load";

    /// <summary>How long a round waits for any reply before it gives up.</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(30);

    public static int Run(string[] args)
    {
        if (args.Length != 2 || !IPEndPoint.TryParse(args[0], out var server) || !int.TryParse(args[1], out var connections))
        {
            Console.Error.WriteLine($"usage: modular-bench {Command} HOST:PORT CONNECTIONS  (started by the kem benchmark)");
            return 2;
        }
        string? path;
        while ((path = Console.ReadLine()) is not null)
        {
            Round(server, connections, ReadRequests(path));
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

    /// <summary>
    /// One round: <paramref name="parallelism"/> keep-alive connections each with one request in flight, all served
    /// by this one thread, which waits until any of them is readable (<c>poll(2)</c>, through <see cref="Socket.Select(IList?, IList?, IList?, TimeSpan)"/>)
    /// and reads only then. That is wrk's event loop: no thread pool, no hand-over between threads, and no read that
    /// finds nothing, so each reply costs one read and each request one write.
    /// </summary>
    private static void Round(IPEndPoint server, int parallelism, List<byte[]> work)
    {
        var connections = Enumerable.Range(0, parallelism).Select(_ => KemBenchHttpConnection.Open(server)).ToList();
        var bySocket = connections.ToDictionary(c => c.Socket);
        JitSettling.WaitForQuietAsync().GetAwaiter().GetResult();
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            throw new InvalidOperationException("the benchmark did not say go");
        }
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        var next = 0;
        var waiting = new List<Socket>(parallelism);
        foreach (var connection in connections.Take(work.Count))
        {
            connection.Send(work[next++]);
            waiting.Add(connection.Socket);
        }
        var readable = new List<Socket>(parallelism);
        for (var answered = 0; answered < work.Count;)
        {
            readable.Clear();
            readable.AddRange(waiting);
            Socket.Select(readable, null, null, SilenceLimit);
            if (readable.Count == 0)
            {
                throw new TimeoutException($"the broker answered nothing for {SilenceLimit.TotalSeconds} s with {waiting.Count} requests in flight");
            }
            foreach (var socket in readable)
            {
                var connection = bySocket[socket];
                if (!connection.Receive())
                {
                    continue;
                }
                answered++;
                if (next < work.Count)
                {
                    connection.Send(work[next++]);
                }
                else
                {
                    waiting.Remove(socket);
                }
            }
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        connections.ForEach(c => c.Dispose());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {seconds} {cpuSeconds}"));
    }
}
