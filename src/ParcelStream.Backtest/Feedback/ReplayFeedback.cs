using ParcelStream.Backtest.Analysis;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Backtest.Feedback;

/// <summary>
/// A replay's per-rule figures as feedback statistics lines (the format <c>parcelstream rules stats --file</c> reads):
/// each rule's hits with their known inspection results, and the random selections as the baseline. Unlike the worker,
/// a replay counts every parcel whose result is known (not only those held or inspected) and does not split a rule's
/// hits on random selections from the rest.
/// </summary>
public static class ReplayFeedback
{
    /// <summary>Gets the statistics lines of one pack's replay.</summary>
    /// <param name="pack">The pack's result.</param>
    /// <returns>Lines by key.</returns>
    public static IReadOnlyDictionary<FeedbackKey, EntityCounts> Lines(PackResult pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var lines = new Dictionary<FeedbackKey, EntityCounts>();
        foreach (RuleHits rule in pack.Rules)
        {
            FeedbackKey key = rule.RuleId == DecidedParcel.RandomSelectionRuleId
                ? FeedbackKey.Baseline
                : new FeedbackKey(FeedbackKind.Rule, rule.RuleId);
            lines[key] = lines.GetValueOrDefault(key) + new EntityCounts(rule.Hits, rule.Labeled, rule.Found);
        }

        return lines;
    }
}
