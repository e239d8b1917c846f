using ParcelStream.Rules;
using ParcelStream.Rules.Capacity;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>Inspection capacity per destination, read from the <see cref="RuleEngine"/> at scrape time (summed over the worker's partitions).</summary>
internal sealed class CapacityMetrics
{
    private readonly Gauge _share;
    private readonly Counter _decisions;
    private readonly Counter _inspections;
    private readonly Gauge _inspectShare;
    private readonly Gauge _forcedShare;
    private readonly Gauge _cutoff;

    public CapacityMetrics(IMetricFactory factory)
    {
        _share = factory.CreateGauge("parcelstream_capacity_share", "Configured inspection capacity as a share of parcels, per destination (other: destinations without their own).", ["destination"]);
        _decisions = factory.CreateCounter("parcelstream_capacity_decisions_total", "Parcels decided, per destination.", ["destination"]);
        _inspections = factory.CreateCounter("parcelstream_capacity_inspections_total", "Parcels inspected, per destination and selection: forced (a rule with a forced outcome, whatever the capacity), random (random selection alone), rank (risk rank within capacity, top-ups included).", ["destination", "selection"]);
        _inspectShare = factory.CreateGauge("parcelstream_capacity_inspect_share", "Recent share of INSPECT among decided (capacity used), per destination; decayed like the score estimate, mean over partitions.", ["destination"]);
        _forcedShare = factory.CreateGauge("parcelstream_capacity_forced_share", "Recent share of forced INSPECT among decided, per destination; above parcelstream_capacity_share forced selections alone exceed capacity.", ["destination"]);
        _cutoff = factory.CreateGauge("parcelstream_capacity_cutoff", "Current inspection cut-off (rank position in log-odds; +Inf when forced and random selections use the whole capacity), lowest over partitions, per destination.", ["destination"]);
    }

    public void Update(RuleEngine? engine)
    {
        if (engine is null)
        {
            return;
        }

        foreach (CapacityStatus c in engine.GetCapacity())
        {
            string d = c.Destination;
            _share.WithLabels(d).Set(c.Share);
            _decisions.WithLabels(d).IncTo(c.Decided);
            _inspections.WithLabels(d, "forced").IncTo(c.Forced);
            _inspections.WithLabels(d, "random").IncTo(c.Random);
            _inspections.WithLabels(d, "rank").IncTo(c.Inspected - c.Forced - c.Random);
            _inspectShare.WithLabels(d).Set(c.RecentInspectShare);
            _forcedShare.WithLabels(d).Set(c.RecentForcedShare);
            if (!double.IsNaN(c.Cutoff))
            {
                _cutoff.WithLabels(d).Set(c.Cutoff);
            }
        }
    }
}
