namespace ParcelStream.Rules.Feedback;

/// <summary>Counts of one line of feedback statistics.</summary>
/// <param name="Decided">Parcels decided for inspection (INSPECT or HOLD) that the line covers: for a rule, its hits on them.</param>
/// <param name="Inspected">Of those, parcels with an inspection result.</param>
/// <param name="Found">Of those, results FOUND.</param>
public readonly record struct EntityCounts(long Decided, long Inspected, long Found)
{
    /// <summary>Gets the inspection counts alone.</summary>
    public FeedbackCounts Results => new(Inspected, Found);

    /// <summary>Adds two counts.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">The other.</param>
    /// <returns>The sum.</returns>
    public static EntityCounts operator +(EntityCounts a, EntityCounts b) => new(a.Decided + b.Decided, a.Inspected + b.Inspected, a.Found + b.Found);

    /// <summary>Subtracts counts.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">What to take away.</param>
    /// <returns>The difference.</returns>
    public static EntityCounts operator -(EntityCounts a, EntityCounts b) => new(a.Decided - b.Decided, a.Inspected - b.Inspected, a.Found - b.Found);

    /// <summary>Named alternative to the + operator.</summary>
    /// <param name="other">The other counts.</param>
    /// <returns>The sum.</returns>
    public EntityCounts Add(EntityCounts other) => this + other;

    /// <summary>Named alternative to the - operator.</summary>
    /// <param name="other">What to take away.</param>
    /// <returns>The difference.</returns>
    public EntityCounts Subtract(EntityCounts other) => this - other;
}
