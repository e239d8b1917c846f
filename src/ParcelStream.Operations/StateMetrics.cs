using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>Metrics of the stateful stages (split shipments, duplicates) and their store, copied at scrape time.</summary>
internal sealed class StateMetrics
{
    private readonly Gauge _keys;
    private readonly Gauge _partitions;
    private readonly Gauge _restoring;
    private readonly Counter _restored;
    private readonly Counter _restores;
    private readonly Gauge _lastRestore;
    private readonly Counter _forwarded;
    private readonly Counter _splits;
    private readonly Counter _duplicates;
    private readonly Counter _redeliveries;
    private readonly Counter _amendments;

    public StateMetrics(IMetricFactory factory)
    {
        _keys = factory.CreateGauge("parcelstream_state_keys", "Keys (consignees) held in the state store partitions this worker owns.", ["store"]);
        _partitions = factory.CreateGauge("parcelstream_state_partitions", "State store partitions this worker owns.", ["store"]);
        _restoring = factory.CreateGauge("parcelstream_state_restoring", "1 while a store is being restored from its changelog (the worker is then not ready).", ["store"]);
        _restored = factory.CreateCounter("parcelstream_state_restored_records_total", "Changelog records applied by restores.", ["store"]);
        _restores = factory.CreateCounter("parcelstream_state_restores_total", "Restores run (one per assignment that brought store partitions).", ["store"]);
        _lastRestore = factory.CreateGauge("parcelstream_state_last_restore_seconds", "Duration of the last restore.", ["store"]);
        _forwarded = factory.CreateCounter("parcelstream_manifests_repartitioned_total", "Manifests forwarded to the repartition topic keyed by consignee.");
        _splits = factory.CreateCounter("parcelstream_split_shipments_total", "Parcels held as part of a split shipment.");
        _duplicates = factory.CreateCounter("parcelstream_duplicate_manifests_total", "Manifests flagged DUPLICATE_MANIFEST.");
        _redeliveries = factory.CreateCounter("parcelstream_redelivered_manifests_total", "Re-deliveries of a manifestId whose earlier decision was reproduced.");
        _amendments = factory.CreateCounter("parcelstream_amendments_total", "AMENDMENT decisions published for earlier parcels of split shipments.");
    }

    public void Update(WorkerCounters counters, StoreStatistics? state)
    {
        _forwarded.IncTo(counters.Forwarded);
        _splits.IncTo(counters.SplitShipments);
        _duplicates.IncTo(counters.Duplicates);
        _redeliveries.IncTo(counters.Redeliveries);
        _amendments.IncTo(counters.Amendments);
        if (state is null)
        {
            return;
        }

        string store = state.StoreName;
        _keys.WithLabels(store).Set(state.Keys());
        _partitions.WithLabels(store).Set(state.Partitions());
        _restoring.WithLabels(store).Set(state.Restoring ? 1 : 0);
        _restored.WithLabels(store).IncTo(state.RestoredRecords);
        _restores.WithLabels(store).IncTo(state.Restores);
        _lastRestore.WithLabels(store).Set(state.LastRestoreDuration.TotalSeconds);
    }
}
