namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// Where createdAt may plausibly lie: from <see cref="MaxAgeMillis"/> before the record's time to
/// <see cref="MaxLeadMillis"/> after it. The record's time comes from the caller (the Kafka timestamp, else the decision
/// time), never from a clock read here, so the same manifest, pack and times always give the same decision.
/// </summary>
/// <param name="ReferenceMillis">The record's time, UTC milliseconds; 0 or less when unknown.</param>
/// <param name="MaxAgeMillis">How far before it createdAt may lie (long.MaxValue: no bound).</param>
/// <param name="MaxLeadMillis">How far after it createdAt may lie (long.MaxValue: no bound).</param>
internal readonly record struct CreatedAtWindow(long ReferenceMillis, long MaxAgeMillis, long MaxLeadMillis)
{
    /// <summary>Judges createdAt: 1 outside the window, 0 inside, NaN (every comparison false) without a record time.</summary>
    /// <param name="createdAt">createdAt, UTC milliseconds (any value, long.MinValue and long.MaxValue included).</param>
    /// <returns>1, 0 or NaN.</returns>
    public double Judge(long createdAt)
    {
        if (ReferenceMillis <= 0)
        {
            return double.NaN;
        }

        // Saturating: the reference is positive and the bounds at most long.MaxValue, so the subtraction cannot overflow.
        long earliest = ReferenceMillis - MaxAgeMillis;
        long latest = MaxLeadMillis > long.MaxValue - ReferenceMillis ? long.MaxValue : ReferenceMillis + MaxLeadMillis;
        return createdAt < earliest || createdAt > latest ? 1 : 0;
    }
}
