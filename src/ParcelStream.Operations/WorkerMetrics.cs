using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Metrics;
using ParcelStream.Pipeline.Worker;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>The worker's metrics, copied from its <see cref="WorkerCounters"/> at scrape time.</summary>
internal sealed class WorkerMetrics
{
    private static readonly (Outcome Outcome, string Label)[] s_outcomes = [(Outcome.Release, "release"), (Outcome.Hold, "hold"), (Outcome.Inspect, "inspect")];

    private static readonly double[] s_scoreQuantiles = [0.5, 0.9, 0.99];

    private readonly Counter _consumed;
    private readonly Counter _decisions;
    private readonly Counter _reasons;
    private readonly Counter _deadLetters;
    private readonly Counter _acknowledged;
    private readonly Counter _deliveryFailures;
    private readonly Counter _deliveriesRefused;
    private readonly Counter _deadLettersTruncated;
    private readonly Counter _headersDropped;
    private readonly Counter _commits;
    private readonly Counter _commitFailures;
    private readonly Counter _rebalances;
    private readonly Counter _cutoffsRecovered;
    private readonly Counter _offsetResets;
    private readonly Counter _skippedByRetention;
    private readonly Gauge _assigned;
    private readonly LagGauge _lag;
    private readonly Counter _lagUpdates;
    private readonly HistogramBridge _decode;
    private readonly HistogramBridge _evaluate;
    private readonly HistogramBridge _endToEnd;
    private readonly HistogramBridge _createdToDecided;
    private readonly HistogramBridge _processing;
    private readonly Gauge _modelScore;

    public WorkerMetrics(IMetricFactory factory)
    {
        _consumed = factory.CreateCounter("parcelstream_manifests_consumed_total", "Manifests consumed from the input topic.");
        _decisions = factory.CreateCounter("parcelstream_decisions_total", "Decisions made, by outcome (release, hold, inspect).", ["outcome"]);
        _reasons = factory.CreateCounter("parcelstream_decision_reasons_total", "Reasons given in decisions, by reason code (a bounded set defined by the rule pack).", ["code"]);
        _deadLetters = factory.CreateCounter("parcelstream_dead_letters_total", "Manifests sent to the dead-letter topic, by error code.", ["error_code"]);
        _acknowledged = factory.CreateCounter("parcelstream_records_acknowledged_total", "Decision and dead-letter records acknowledged by the broker.");
        _deliveryFailures = factory.CreateCounter("parcelstream_delivery_failures_total", "Records not delivered for a reason not of the record itself (timeouts, brokers or topics unavailable, not authorized): the worker stops and restarts from the last commit.");
        _deliveriesRefused = factory.CreateCounter("parcelstream_deliveries_refused_total", "Records the broker refused for good (too large, invalid); each message's coordinates were dead-lettered instead and the worker went on.");
        _deadLettersTruncated = factory.CreateCounter("parcelstream_dead_letters_truncated_total", "Dead-letter records that could not carry the whole original (value cut to fit, or only the coordinates): read the original at its source offset.");
        _headersDropped = factory.CreateCounter("parcelstream_headers_dropped_total", "Original headers left out of dead-letter and repartition records (over the header budget); each such record says how many in a header.");
        _commits = factory.CreateCounter("parcelstream_offset_commits_total", "Offset commits (or transaction commits) that succeeded.");
        _commitFailures = factory.CreateCounter("parcelstream_offset_commit_failures_total", "Offset commits that failed (retried with the next commit).");
        _rebalances = factory.CreateCounter("parcelstream_rebalances_total", "Consumer group rebalance events seen (assignments, revocations, losses).");
        _cutoffsRecovered = factory.CreateCounter("parcelstream_cutoffs_recovered_total", "Inspection cut-offs read back on assignment from decisions a partition's previous owner made but did not commit: those records, decided again, get the same decision.");
        _offsetResets = factory.CreateCounter("parcelstream_offset_resets_total", "Input partitions whose committed offset was not in the log (deleted by retention, or beyond the end) and that restarted at the log start.");
        _skippedByRetention = factory.CreateCounter("parcelstream_records_skipped_by_retention_total", "Input records deleted by retention after the committed offset, before they were decided: never decided.");
        _assigned = factory.CreateGauge("parcelstream_assigned_partitions", "Input partitions assigned to this worker.");
        _lag = new LagGauge(factory.CreateGauge("parcelstream_consumer_lag", "Records not yet consumed per assigned partition (high watermark minus position), from librdkafka statistics.", ["topic", "partition"]));
        _lagUpdates = factory.CreateCounter("parcelstream_consumer_statistics_total", "librdkafka statistics events parsed for the consumer lag.");
        _decode = new HistogramBridge(factory, "parcelstream_decode_duration_seconds", $"Time to decode one manifest (Avro), including ones that fail; sampled, one manifest in {WorkerCounters.StageSampleEvery} per lane.", WorkerCounters.StageMinimumMilliseconds);
        _evaluate = new HistogramBridge(factory, "parcelstream_evaluate_duration_seconds", $"Time to evaluate the rule pack on one manifest; sampled, one manifest in {WorkerCounters.StageSampleEvery} per lane.", WorkerCounters.StageMinimumMilliseconds);
        _endToEnd = new HistogramBridge(factory, "parcelstream_end_to_end_latency_seconds", "From the input record's Kafka timestamp to the broker acknowledging its decision.", LatencyHistogram.DefaultMinimumMilliseconds);
        _createdToDecided = new HistogramBridge(factory, "parcelstream_created_to_decided_seconds", "From the manifest's createdAt (the operator's clock) to its decision being made.", LatencyHistogram.DefaultMinimumMilliseconds);
        _processing = new HistogramBridge(factory, "parcelstream_processing_latency_seconds", "From the worker receiving a manifest to the broker acknowledging its decision.", LatencyHistogram.DefaultMinimumMilliseconds);

        _modelScore = factory.CreateGauge("parcelstream_model_score", $"Quantiles of the learned model's probability of FOUND over the manifests this worker scored (sampled, one in {WorkerCounters.StageSampleEvery} per lane; within 19 %); compare with parcelstream_model_base_rate for drift.", ["quantile"]);

        // Series that exist from the start, so that rate() sees their first increase.
        foreach ((_, string label) in s_outcomes)
        {
            _decisions.WithLabels(label);
        }

        foreach (AvroErrorCode code in Enum.GetValues<AvroErrorCode>())
        {
            if (code != AvroErrorCode.None)
            {
                _deadLetters.WithLabels(code.ToString());
            }
        }
    }

    public void Update(WorkerCounters counters, int assignedPartitions)
    {
        _consumed.IncTo(counters.Consumed);
        foreach ((Outcome outcome, string label) in s_outcomes)
        {
            _decisions.WithLabels(label).IncTo(counters.Decisions(outcome));
        }

        foreach (KeyValuePair<string, long> reason in counters.Reasons.Snapshot())
        {
            _reasons.WithLabels(reason.Key).IncTo(reason.Value);
        }

        foreach (KeyValuePair<string, long> code in counters.DeadLetterCodes.Snapshot())
        {
            _deadLetters.WithLabels(code.Key).IncTo(code.Value);
        }

        _acknowledged.IncTo(counters.Acknowledged);
        _deliveryFailures.IncTo(counters.DeliveryFailures);
        _deliveriesRefused.IncTo(counters.DeliveriesRefused);
        _deadLettersTruncated.IncTo(counters.DeadLettersTruncated);
        _headersDropped.IncTo(counters.HeadersDropped);
        _commits.IncTo(counters.Commits);
        _commitFailures.IncTo(counters.CommitFailures);
        _rebalances.IncTo(counters.Rebalances);
        _cutoffsRecovered.IncTo(counters.CutoffsRecovered);
        _offsetResets.IncTo(counters.OffsetResets);
        _skippedByRetention.IncTo(counters.SkippedByRetention);
        _assigned.Set(assignedPartitions);
        UpdateLag(counters.ConsumerLag);
        _decode.Update(counters.DecodeLatency);
        _evaluate.Update(counters.EvaluateLatency);
        _endToEnd.Update(counters.Latency);
        _createdToDecided.Update(counters.CreatedToDecided);
        _processing.Update(counters.ServiceLatency);
        if (counters.ModelScores.Count > 0)
        {
            foreach (double q in s_scoreQuantiles)
            {
                _modelScore.WithLabels(q.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(counters.ModelScores.Quantile(q));
            }
        }
    }

    private void UpdateLag(ConsumerLag lag)
    {
        _lagUpdates.IncTo(lag.Updates);
        _lag.Update(lag);
    }
}
