using System.Globalization;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations;

/// <summary>
/// Liveness and readiness of the process. Alive: the worker has not stopped on an error. Ready: the worker runs and
/// has its partitions (or is in the group with none to give, when there are more workers than partitions), the rule
/// pack is loaded, and state is restored (with the stateful stages on: no restore of a store partition is running).
/// </summary>
/// <param name="worker">The running worker, as the process sees it.</param>
/// <param name="rules">Gets the rule engine; null or a throw means the pack is not loaded.</param>
/// <param name="feedback">Inspection feedback, when on: ready once its statistics are read back.</param>
/// <param name="schemaRegistry">The Confluent Schema Registry's side, when one is configured (for its metrics).</param>
public sealed class OperationsHealth(WorkerHandle worker, Func<RuleEngine?> rules, FeedbackHandle? feedback = null, RegistrySchemas? schemaRegistry = null)
{
    /// <summary>Gets the Confluent Schema Registry's side, when one is configured.</summary>
    public RegistrySchemas? SchemaRegistry => schemaRegistry;

    /// <summary>Gets inspection feedback, when on.</summary>
    public FeedbackHandle? Feedback => feedback;

    /// <summary>Gets the worker handle.</summary>
    public WorkerHandle Worker => worker;

    /// <summary>Gets the rule engine if its pack is loaded.</summary>
    /// <returns>The engine, or null.</returns>
    public RuleEngine? Rules()
    {
        try
        {
            return rules();
        }
        catch (Exception ex) when (ex is RulePackException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Checks liveness: false only when the worker stopped on an error (a restart is the cure).</summary>
    /// <returns>The report.</returns>
    public HealthReport Liveness() => new([WorkerCheck(requireStarted: false)]);

    /// <summary>Checks readiness.</summary>
    /// <returns>The report.</returns>
    public HealthReport Readiness()
    {
        RuleEngine? engine = Rules();
        return new(
        [
            WorkerCheck(requireStarted: true),
            PartitionsCheck(),
            engine is null
                ? new HealthCheck("rules", false, "rule pack not loaded")
                : new HealthCheck("rules", true, string.Create(CultureInfo.InvariantCulture, $"rule pack {engine.Current.Version} ({engine.Current.RuleCount} rules)")),
            StateCheck(),
            TopicsCheck(),
            FeedbackCheck(),
            CapacityCheck(engine),
        ]);
    }

    private HealthCheck TopicsCheck() => worker.Problem is { } problem
        ? new HealthCheck("topics", false, problem)
        : new HealthCheck("topics", true, "the topics the worker needs are present");

    /// <summary>Inspection capacity: informational (never not ready), so that an operator sees capacity used, forced share and cut-off.</summary>
    private static HealthCheck CapacityCheck(RuleEngine? engine)
    {
        IReadOnlyList<Rules.Capacity.CapacityStatus> capacity = engine?.GetCapacity() ?? [];
        if (engine?.CapacityShare is null)
        {
            return new HealthCheck("capacity", true, "inspection capacity off: the inspect threshold decides");
        }

        if (capacity.All(c => c.Decided == 0))
        {
            return new HealthCheck("capacity", true, string.Create(CultureInfo.InvariantCulture, $"capacity {engine.CapacityShare:P2} of parcels; nothing decided yet"));
        }

        return new HealthCheck("capacity", true, string.Join("; ", capacity.Where(c => c.Decided > 0).Select(c => string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Destination}: INSPECT {c.RecentInspectShare:P2} of capacity {c.Share:P2}, forced {c.RecentForcedShare:P2}{(c.RecentForcedShare > c.Share ? " (forced alone exceed capacity)" : string.Empty)}, cut-off {c.Cutoff:0.###}"))));
    }

    private HealthCheck FeedbackCheck() => feedback switch
    {
        null => new HealthCheck("feedback", true, "inspection feedback off"),
        { Failed: true } => new HealthCheck("feedback", false, "stopped on an error"),
        { Restored: false } => new HealthCheck("feedback", false, "reading the feedback statistics back"),
        _ => new HealthCheck("feedback", true, string.Create(CultureInfo.InvariantCulture, $"{feedback.History.Sellers} sellers and {feedback.History.Consignors} consignors with history")),
    };

    private HealthCheck StateCheck()
    {
        Pipeline.State.StoreStatistics? state = worker.State?.Invoke();
        if (state is null)
        {
            return new HealthCheck("state", true, "stateful stages off: no state stores");
        }

        return state.Restoring
            ? new HealthCheck("state", false, $"restoring {state.StoreName} from {state.ChangelogTopic}")
            : new HealthCheck("state", true, string.Create(CultureInfo.InvariantCulture, $"{state.StoreName}: {state.Keys()} keys in {state.Partitions()} partitions, {state.RestoredRecords} changelog records restored"));
    }

    private HealthCheck WorkerCheck(bool requireStarted) =>
        worker.Failed ? new HealthCheck("worker", false, "stopped on an error")
        : worker.Counters is null ? new HealthCheck("worker", !requireStarted, "not started yet")
        : new HealthCheck("worker", true, "running");

    private HealthCheck PartitionsCheck()
    {
        int assigned = worker.AssignedPartitions?.Invoke() ?? 0;
        if (assigned > 0)
        {
            return new HealthCheck("partitions", true, string.Create(CultureInfo.InvariantCulture, $"{assigned} assigned"));
        }

        // A rebalance has happened and left us nothing: the group has more members than partitions. Ready (spare).
        return worker.Counters is { Rebalances: > 0 }
            ? new HealthCheck("partitions", true, "none assigned: the group has no partition to give (more workers than partitions)")
            : new HealthCheck("partitions", false, "waiting for the first assignment");
    }
}
