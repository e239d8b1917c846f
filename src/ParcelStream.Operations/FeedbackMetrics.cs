using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>
/// Per-rule hit rates at scrape time: hits of this worker's engine, and the cluster-wide inspection feedback read from
/// the statistics topic (the same values on every worker: aggregate them with max, not sum). The rule label takes the
/// current pack's rule ids and the engine's own (engine.risk-score, engine.escalation, engine.model, engine.exploration); lines of rules no longer in the
/// pack are summed under rule="other", so the label set stays bounded by the pack.
/// </summary>
internal sealed class FeedbackMetrics
{
    private const string Other = "other";
    private static readonly string[] s_engineRules = ["engine.risk-score", "engine.escalation", "engine.model", "engine.exploration"];

    private readonly Counter _hits;
    private readonly Gauge _decided;
    private readonly Gauge _inspected;
    private readonly Gauge _found;
    private readonly Gauge _precision;
    private readonly Gauge _baselineInspected;
    private readonly Gauge _baselineFound;
    private readonly Gauge _baselineRate;
    private readonly Counter _results;
    private readonly Gauge _waiting;
    private readonly Gauge _parties;
    private readonly Gauge _restore;
    private readonly LagGauge _lag;
    private readonly Dictionary<string, long> _lastHits = new(StringComparer.Ordinal);
    private RulePack? _pack;

    public FeedbackMetrics(IMetricFactory factory)
    {
        _hits = factory.CreateCounter("parcelstream_rule_hits_total", "Manifests a rule hit, on this worker.", ["rule"]);
        _decided = factory.CreateGauge("parcelstream_rule_feedback_decided", "HOLD and INSPECT decisions the rule hit (cluster-wide, from the feedback statistics); selection=risk or random.", ["rule", "selection"]);
        _inspected = factory.CreateGauge("parcelstream_rule_feedback_inspected", "Of those, parcels with an inspection result (cluster-wide).", ["rule", "selection"]);
        _found = factory.CreateGauge("parcelstream_rule_feedback_found", "Of those, results FOUND (cluster-wide).", ["rule", "selection"]);
        _precision = factory.CreateGauge("parcelstream_rule_precision", "Share of the rule's risk-selected inspections that found something (found / inspected), when any.", ["rule"]);
        _baselineInspected = factory.CreateGauge("parcelstream_random_baseline_inspected", "Random selections with an inspection result (cluster-wide): the unbiased baseline.");
        _baselineFound = factory.CreateGauge("parcelstream_random_baseline_found", "Random selections whose inspection found something (cluster-wide).");
        _baselineRate = factory.CreateGauge("parcelstream_random_baseline_rate", "Share of random selections that found something, when any.");
        _results = factory.CreateCounter("parcelstream_feedback_results_total", "Inspection results handled by this worker's feedback join: counted (joined to their decision) or dead_lettered.", ["status"]);
        _waiting = factory.CreateGauge("parcelstream_feedback_results_waiting", "Inspection results whose decision this worker's join has not seen yet.");
        _lag = new LagGauge(factory.CreateGauge("parcelstream_feedback_consumer_lag", "Records the feedback join has not consumed yet per assigned partition of the results, decided and re-keyed results topics (high watermark minus position), from librdkafka statistics.", ["topic", "partition"]));
        _restore = factory.CreateGauge("parcelstream_feedback_restore_seconds", "Duration of the last feedback restore: restored=statistics (the statistics table read back at start, before the worker decides) or join (the join state of newly assigned partitions, on each rebalance).", ["restored"]);
        _parties = factory.CreateGauge("parcelstream_feedback_parties", "Sellers and consignors with inspection history (party=seller or consignor).", ["party"]);
    }

    public void Update(RuleEngine? engine, FeedbackHandle? feedback)
    {
        RulePack? pack = engine?.Current;
        if (engine is not null)
        {
            UpdateHits(engine);
        }

        if (feedback is null)
        {
            return;
        }

        if (feedback.Lag is { } lag)
        {
            _lag.Update(lag);
        }

        SetRestore("statistics", feedback.StatisticsRestoreSeconds);
        SetRestore("join", feedback.JoinRestoreSeconds?.Invoke() ?? double.NaN);
        _parties.WithLabels("seller").Set(feedback.History.Sellers);
        _parties.WithLabels("consignor").Set(feedback.History.Consignors);
        if (feedback.Results?.Invoke() is { } results)
        {
            _results.WithLabels("counted").IncTo(results.Counted);
            _results.WithLabels("dead_lettered").IncTo(results.DeadLettered);
            _waiting.Set(results.Waiting);
        }

        if (feedback.RuleTotals?.Invoke() is { } totals)
        {
            UpdateLines(totals, pack);
        }
    }

    /// <summary>Sets one restore's duration once it has run (no series before: a restore that never ran has no duration).</summary>
    private void SetRestore(string restored, double seconds)
    {
        if (!double.IsNaN(seconds))
        {
            _restore.WithLabels(restored).Set(seconds);
        }
    }

    private void UpdateHits(RuleEngine engine)
    {
        if (!ReferenceEquals(engine.Current, _pack))
        {
            // A new pack counts from zero: start from its counts, so the counter only ever grows.
            _pack = engine.Current;
            _lastHits.Clear();
        }

        foreach (RuleHitCount rule in engine.GetRuleHits())
        {
            long delta = rule.Hits - _lastHits.GetValueOrDefault(rule.RuleId);
            _lastHits[rule.RuleId] = rule.Hits;
            _hits.WithLabels(rule.RuleId).Inc(Math.Max(delta, 0));
        }
    }

    private void UpdateLines(IReadOnlyDictionary<FeedbackKey, EntityCounts> totals, RulePack? pack)
    {
        var known = new HashSet<string>(pack?.RuleIds ?? [], StringComparer.Ordinal);
        known.UnionWith(s_engineRules);
        var lines = new Dictionary<(string Rule, string Selection), EntityCounts>();
        foreach ((FeedbackKey key, EntityCounts counts) in totals)
        {
            if (key.Kind == FeedbackKind.Baseline)
            {
                _baselineInspected.Set(counts.Inspected);
                _baselineFound.Set(counts.Found);
                if (counts.Inspected > 0)
                {
                    _baselineRate.Set((double)counts.Found / counts.Inspected);
                }

                continue;
            }

            string rule = known.Contains(key.Id) ? key.Id : Other;
            (string, string) label = (rule, key.Kind == FeedbackKind.RuleRandom ? "random" : "risk");
            lines[label] = lines.GetValueOrDefault(label) + counts;
        }

        foreach (((string rule, string selection), EntityCounts counts) in lines)
        {
            _decided.WithLabels(rule, selection).Set(counts.Decided);
            _inspected.WithLabels(rule, selection).Set(counts.Inspected);
            _found.WithLabels(rule, selection).Set(counts.Found);
            if (selection == "risk" && counts.Inspected > 0)
            {
                _precision.WithLabels(rule).Set((double)counts.Found / counts.Inspected);
            }
        }
    }
}
