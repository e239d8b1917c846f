using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Operations.Tests;

public sealed class FeedbackMetricsTests
{
    [Fact]
    public async Task Export_FeedbackTotals_PerRuleSelectionBaselineAndOtherForUnknownRules()
    {
        var engine = new RuleEngine(RulePack.Load(Repo.RulesDirectory), new RuleEngineOptions { WatchForChanges = false });
        var totals = new Dictionary<FeedbackKey, EntityCounts>
        {
            [new FeedbackKey(FeedbackKind.Rule, "undervaluation-per-unit")] = new(40, 20, 5),
            [new FeedbackKey(FeedbackKind.RuleRandom, "undervaluation-per-unit")] = new(3, 3, 1),
            [new FeedbackKey(FeedbackKind.Rule, "engine.risk-score")] = new(10, 8, 2),
            [new FeedbackKey(FeedbackKind.Rule, "rule-of-an-old-pack")] = new(7, 4, 1),
            [new FeedbackKey(FeedbackKind.Rule, "another-old-rule")] = new(1, 1, 1),
            [FeedbackKey.Baseline] = new(50, 40, 4),
        };
        var history = new RiskHistoryTable(new RiskHistoryOptions());
        history.Set(new FeedbackKey(FeedbackKind.Seller, "S-1"), new FeedbackCounts(3, 1));
        var feedback = new FeedbackHandle(history) { Restored = true, RuleTotals = () => totals, Results = () => (21, 2, 1) };
        var metrics = new ParcelStreamMetrics(new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => engine, feedback));

        Exposition e = await Exposition.CollectAsync(metrics);

        Assert.Equal(20, e.Value("parcelstream_rule_feedback_inspected", ("rule", "undervaluation-per-unit"), ("selection", "risk")));
        Assert.Equal(5, e.Value("parcelstream_rule_feedback_found", ("rule", "undervaluation-per-unit"), ("selection", "risk")));
        Assert.Equal(3, e.Value("parcelstream_rule_feedback_inspected", ("rule", "undervaluation-per-unit"), ("selection", "random")));
        Assert.Equal(0.25, e.Value("parcelstream_rule_precision", ("rule", "undervaluation-per-unit")), 12);
        Assert.Equal(8, e.Value("parcelstream_rule_feedback_inspected", ("rule", "engine.risk-score"), ("selection", "risk")));
        Assert.Equal(8, e.Value("parcelstream_rule_feedback_decided", ("rule", "other"), ("selection", "risk")));
        Assert.Equal(5, e.Value("parcelstream_rule_feedback_inspected", ("rule", "other"), ("selection", "risk")));
        Assert.Equal(40, e.Value("parcelstream_random_baseline_inspected"));
        Assert.Equal(0.1, e.Value("parcelstream_random_baseline_rate"), 12);
        Assert.Equal(21, e.Value("parcelstream_feedback_results_total", ("status", "counted")));
        Assert.Equal(1, e.Value("parcelstream_feedback_results_total", ("status", "dead_lettered")));
        Assert.Equal(2, e.Value("parcelstream_feedback_results_waiting"));
        Assert.Equal(1, e.Value("parcelstream_feedback_parties", ("party", "seller")));
        Assert.Equal(0, e.Value("parcelstream_rule_hits_total", ("rule", "undervaluation-per-unit")));
        Assert.DoesNotContain(e.Samples, s => s.Labels.Any(l => l.Value is "rule-of-an-old-pack" or "another-old-rule"));
        Assert.Equal(1, e.Value("parcelstream_ready"));
    }

    [Fact]
    public async Task Export_RestoreDurations_EachOnceItHasRun()
    {
        double join = double.NaN;
        var feedback = new FeedbackHandle(new RiskHistoryTable(new RiskHistoryOptions())) { Restored = true, JoinRestoreSeconds = () => join };
        var metrics = new ParcelStreamMetrics(new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null, feedback));

        Exposition before = await Exposition.CollectAsync(metrics);
        feedback.StatisticsRestoreSeconds = 2.5;
        join = 0.75;
        Exposition after = await Exposition.CollectAsync(metrics);

        Assert.Empty(before.All("parcelstream_feedback_restore_seconds"));
        Assert.Equal(2.5, after.Value("parcelstream_feedback_restore_seconds", ("restored", "statistics")));
        Assert.Equal(0.75, after.Value("parcelstream_feedback_restore_seconds", ("restored", "join")));
    }

    [Fact]
    public void Readiness_FeedbackNotReadBack_NotReady()
    {
        var feedback = new FeedbackHandle(new RiskHistoryTable(new RiskHistoryOptions()));
        var health = new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null, feedback);
        HealthCheck check = health.Readiness().Checks.Single(c => c.Name == "feedback");
        Assert.False(check.Ok);
        feedback.Restored = true;
        Assert.True(health.Readiness().Checks.Single(c => c.Name == "feedback").Ok);
    }
}
