namespace Modular.Bench;

/// <summary>
/// One timed round of the kem benchmark: how many tickets in how long, the CPU time of this process (the broker's,
/// or the raw loop's) and that of the HTTP load generator's process (0 for the raw loop, which has none).
/// </summary>
internal sealed record KemBenchRound(int Tickets, double Seconds, double CpuSeconds, double LoadGeneratorCpuSeconds)
{
    public double PerSecond => Tickets / Seconds;
}
