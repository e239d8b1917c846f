using System.Globalization;
using ParcelStream.Pipeline.Metrics;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>A consumer's lag per partition as a gauge labelled topic and partition, its series ended when the partition leaves.</summary>
/// <param name="gauge">The gauge, labels ["topic", "partition"].</param>
internal sealed class LagGauge(Gauge gauge)
{
    private HashSet<(string Topic, int Partition)> _series = [];

    /// <summary>Sets the gauge from the latest statistics of <paramref name="lag"/>.</summary>
    /// <param name="lag">The consumer's lag.</param>
    public void Update(ConsumerLag lag)
    {
        var now = new HashSet<(string, int)>();
        foreach (PartitionLag p in lag.Snapshot())
        {
            gauge.WithLabels(p.Topic, p.Partition.ToString(CultureInfo.InvariantCulture)).Set(p.Lag);
            now.Add((p.Topic, p.Partition));
        }

        // Partitions that moved to another worker: their series must end here, or two workers would report one partition.
        foreach ((string topic, int partition) in _series)
        {
            if (!now.Contains((topic, partition)))
            {
                gauge.RemoveLabelled(topic, partition.ToString(CultureInfo.InvariantCulture));
            }
        }

        _series = now;
    }
}
