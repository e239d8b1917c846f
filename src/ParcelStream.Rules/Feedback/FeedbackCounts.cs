namespace ParcelStream.Rules.Feedback;

/// <summary>Inspection results of some population (a rule's selections, a seller's parcels): how many, how many FOUND.</summary>
/// <param name="Inspected">Results in all.</param>
/// <param name="Found">Results that found something.</param>
public readonly record struct FeedbackCounts(long Inspected, long Found)
{
    /// <summary>Gets the results that found nothing.</summary>
    public long Clean => Inspected - Found;

    /// <summary>Gets the observed share FOUND; NaN without results.</summary>
    public double Rate => Inspected > 0 ? (double)Found / Inspected : double.NaN;

    /// <summary>Adds two counts.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">The other.</param>
    /// <returns>The sum.</returns>
    public static FeedbackCounts operator +(FeedbackCounts a, FeedbackCounts b) => new(a.Inspected + b.Inspected, a.Found + b.Found);

    /// <summary>Subtracts counts (a correction withdraws an earlier result).</summary>
    /// <param name="a">One.</param>
    /// <param name="b">What to take away.</param>
    /// <returns>The difference.</returns>
    public static FeedbackCounts operator -(FeedbackCounts a, FeedbackCounts b) => new(a.Inspected - b.Inspected, a.Found - b.Found);

    /// <summary>One result.</summary>
    /// <param name="found">Whether it found something.</param>
    /// <returns>Counts of one.</returns>
    public static FeedbackCounts One(bool found) => new(1, found ? 1 : 0);

    /// <summary>Named alternative to the + operator.</summary>
    /// <param name="other">The other counts.</param>
    /// <returns>The sum.</returns>
    public FeedbackCounts Add(FeedbackCounts other) => this + other;

    /// <summary>Named alternative to the - operator.</summary>
    /// <param name="other">The counts to take away.</param>
    /// <returns>The difference.</returns>
    public FeedbackCounts Subtract(FeedbackCounts other) => this - other;
}
