using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Metrics;

namespace ParcelStream.Pipeline.Worker;

/// <summary>Running totals of one worker, updated with interlocked increments; read for the console and summaries.</summary>
public sealed class WorkerCounters
{
    /// <summary>Upper bound of the first bucket of the per-manifest stage timings (decode, evaluate): 0.5 µs.</summary>
    public const double StageMinimumMilliseconds = 0.0005;

    /// <summary>Decode and evaluate are timed for one manifest in this many per lane (four clock reads would cost more than the decode).</summary>
    public const int StageSampleEvery = 16;

    private readonly long[] _byOutcome = new long[3];
    private long _consumed;
    private long _deadLettered;
    private long _acknowledged;
    private long _deliveryFailures;
    private long _deliveriesRefused;
    private long _deadLettersTruncated;
    private long _headersDropped;
    private long _commits;
    private long _commitFailures;
    private long _rebalances;
    private long _cutoffsRecovered;
    private long _forwarded;
    private long _splitShipments;
    private long _duplicates;
    private long _redeliveries;
    private long _amendments;
    private long _offsetResets;
    private long _skippedByRetention;

    /// <summary>
    /// Gets the learned model's probabilities of FOUND, sampled like the stage timings (one manifest in
    /// <see cref="StageSampleEvery"/> per lane), in the histogram's logarithmic buckets from 0.0001: the score
    /// distribution a drift alert compares with the model's training base rate.
    /// </summary>
    public LatencyHistogram ModelScores { get; } = new(ModelScoreMinimum);

    /// <summary>Upper bound of the first bucket of <see cref="ModelScores"/>: scores below 1 in 10,000 share it.</summary>
    public const double ModelScoreMinimum = 0.0001;

    /// <summary>Gets the end-to-end latency: from the input record's Kafka timestamp to the broker's acknowledgement of its decision.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Gets the service latency: from the worker receiving the manifest to the broker acknowledging its decision.</summary>
    public LatencyHistogram ServiceLatency { get; } = new();

    /// <summary>Gets the time to decode a manifest (including ones that fail to decode), sampled: one manifest in <see cref="StageSampleEvery"/> per lane.</summary>
    public LatencyHistogram DecodeLatency { get; } = new(StageMinimumMilliseconds);

    /// <summary>Gets the time the decision stage (rule evaluation) takes per manifest, sampled like <see cref="DecodeLatency"/>.</summary>
    public LatencyHistogram EvaluateLatency { get; } = new(StageMinimumMilliseconds);

    /// <summary>Gets the time from the manifest's createdAt to its decision being made (the operator's clock to ours).</summary>
    public LatencyHistogram CreatedToDecided { get; } = new();

    /// <summary>Gets how often each reason code was given.</summary>
    public ReasonCounts Reasons { get; } = new();

    /// <summary>Gets how often each dead-letter error code was given (decoder error codes and a few fixed names).</summary>
    public CodeCounts DeadLetterCodes { get; } = new();

    /// <summary>Gets the consumer lag per assigned partition, fed by the consumer's statistics handler.</summary>
    public ConsumerLag ConsumerLag { get; } = new();

    /// <summary>Gets the manifests consumed.</summary>
    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Gets the manifests sent to the dead-letter topic.</summary>
    public long DeadLettered => Volatile.Read(ref _deadLettered);

    /// <summary>Gets the records (decisions and dead letters) the broker acknowledged.</summary>
    public long Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Gets the records the broker finally refused.</summary>
    public long DeliveryFailures => Volatile.Read(ref _deliveryFailures);

    /// <summary>Gets the records the broker refused for good (too large, invalid), each replaced by a coordinates-only dead letter.</summary>
    public long DeliveriesRefused => Volatile.Read(ref _deliveriesRefused);

    /// <summary>Gets the dead-letter records that could not carry the whole original (value cut, or only the coordinates).</summary>
    public long DeadLettersTruncated => Volatile.Read(ref _deadLettersTruncated);

    /// <summary>Gets the original headers left out of dead-letter and repartition records (over the header budget).</summary>
    public long HeadersDropped => Volatile.Read(ref _headersDropped);

    /// <summary>Gets the offset commits made.</summary>
    public long Commits => Volatile.Read(ref _commits);

    /// <summary>Gets the offset commits that failed.</summary>
    public long CommitFailures => Volatile.Read(ref _commitFailures);

    /// <summary>Gets the inspection cut-offs read back from a previous owner's uncommitted decisions.</summary>
    public long CutoffsRecovered => Volatile.Read(ref _cutoffsRecovered);

    /// <summary>Gets the rebalances seen (assignments and revocations).</summary>
    public long Rebalances => Volatile.Read(ref _rebalances);

    /// <summary>Gets the manifests forwarded to the repartition topic (stateful stages on; each is consumed again from there).</summary>
    public long Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Gets the parcels held as part of a split shipment (stateful stages on).</summary>
    public long SplitShipments => Volatile.Read(ref _splitShipments);

    /// <summary>Gets the manifests flagged DUPLICATE_MANIFEST.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Gets the re-deliveries of a manifestId whose earlier decision was reproduced.</summary>
    public long Redeliveries => Volatile.Read(ref _redeliveries);

    /// <summary>Gets the AMENDMENT decisions published for earlier parcels of split shipments.</summary>
    public long Amendments => Volatile.Read(ref _amendments);

    /// <summary>Gets the partitions whose committed offset was not in the log (deleted by retention, or beyond the end) and that restarted at the log start.</summary>
    public long OffsetResets => Volatile.Read(ref _offsetResets);

    /// <summary>Gets the records that retention deleted between a committed offset and the log start: never decided.</summary>
    public long SkippedByRetention => Volatile.Read(ref _skippedByRetention);

    /// <summary>Gets the decisions made with an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Decisions(Outcome outcome) => Volatile.Read(ref _byOutcome[(int)outcome]);

    internal void OnConsumed(int count = 1) => Interlocked.Add(ref _consumed, count);

    internal void OnDecision(Outcome outcome) => Interlocked.Increment(ref _byOutcome[(int)outcome]);

    internal void OnDeadLetter() => Interlocked.Increment(ref _deadLettered);

    internal void OnDeadLetter(string code)
    {
        Interlocked.Increment(ref _deadLettered);
        DeadLetterCodes.Add(code);
    }

    internal void OnAcknowledged(int count = 1) => Interlocked.Add(ref _acknowledged, count);

    internal void OnDeliveryFailure() => Interlocked.Increment(ref _deliveryFailures);

    internal void OnDeliveryRefused() => Interlocked.Increment(ref _deliveriesRefused);

    internal void OnDeadLetterTruncated() => Interlocked.Increment(ref _deadLettersTruncated);

    internal void OnHeadersDropped(int count) => Interlocked.Add(ref _headersDropped, count);

    internal void OnCommit(bool ok) => Interlocked.Increment(ref ok ? ref _commits : ref _commitFailures);

    internal void OnRebalance() => Interlocked.Increment(ref _rebalances);

    internal void OnCutoffsRecovered(int count) => Interlocked.Add(ref _cutoffsRecovered, count);

    internal void OnForwarded() => Interlocked.Increment(ref _forwarded);

    internal void OnAmendment() => Interlocked.Increment(ref _amendments);

    internal void OnOffsetReset(long skipped)
    {
        Interlocked.Increment(ref _offsetResets);
        Interlocked.Add(ref _skippedByRetention, skipped);
    }

    internal void OnVerdict(ParcelStream.Rules.Stateful.StatefulVerdict verdict)
    {
        switch (verdict)
        {
            case ParcelStream.Rules.Stateful.StatefulVerdict.SplitShipment:
                Interlocked.Increment(ref _splitShipments);
                break;
            case ParcelStream.Rules.Stateful.StatefulVerdict.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            case ParcelStream.Rules.Stateful.StatefulVerdict.Redelivery:
                Interlocked.Increment(ref _redeliveries);
                break;
            default:
                break;
        }
    }
}
