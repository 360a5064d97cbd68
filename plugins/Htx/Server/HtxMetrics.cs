using System.Diagnostics.Metrics;

namespace Modular.Plugins.Htx.Server;

/// <summary>Counters of the front door: requests let through, and decoys served per <see cref="RejectionReason"/>.</summary>
public sealed class HtxMetrics
{
    public const string MeterName = "Modular.Htx";
    public const string AcceptedName = "htx.tickets.accepted";
    public const string DecoyName = "htx.decoy.served";
    public const string ReasonTag = "reason";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _decoys;

    public HtxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>(AcceptedName, description: "Requests with a valid ticket, forwarded to the upstream.");
        _decoys = meter.CreateCounter<long>(DecoyName, description: "Requests answered with the decoy, by reason.");
    }

    public void Accepted() => _accepted.Add(1);

    public void Decoy(string reason) => _decoys.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
}
