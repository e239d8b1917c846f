using ParcelStream.Pipeline.Metrics;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>What the rest of the process (metrics, readiness) may see of inspection feedback.</summary>
public sealed class FeedbackHandle
{
    /// <summary>Initializes a handle.</summary>
    /// <param name="history">The history table decisions read.</param>
    public FeedbackHandle(RiskHistoryTable history) => History = history;

    /// <summary>Gets the seller and consignor history the decisions read.</summary>
    public RiskHistoryTable History { get; }

    /// <summary>Gets a value indicating whether the statistics have been read back (start-up restore done).</summary>
    public bool Restored { get; internal set; }

    /// <summary>Gets a value indicating whether feedback stopped on an error.</summary>
    public bool Failed { get; internal set; }

    /// <summary>Gets what stopped feedback when <see cref="Failed"/>: the error's message, for the one line the process prints as it exits.</summary>
    public string? FailureReason { get; internal set; }

    /// <summary>Gets a function returning the totals of the rule lines and the random baseline, once started.</summary>
    public Func<IReadOnlyDictionary<FeedbackKey, EntityCounts>>? RuleTotals { get; internal set; }

    /// <summary>Gets a function returning (results counted, results waiting for their decision, results dead-lettered), once started.</summary>
    public Func<(long Counted, long Waiting, long DeadLettered)>? Results { get; internal set; }

    /// <summary>Gets how long reading the statistics back at start took, in seconds; NaN until done.</summary>
    public double StatisticsRestoreSeconds { get; internal set; } = double.NaN;

    /// <summary>Gets a function returning how long the join's last restore of assigned partitions took, in seconds (NaN before the first); null until it starts.</summary>
    public Func<double>? JoinRestoreSeconds { get; internal set; }

    /// <summary>Gets the feedback join consumer's lag per partition (results, decided and re-keyed topics); null until it starts.</summary>
    public ConsumerLag? Lag { get; internal set; }
}
