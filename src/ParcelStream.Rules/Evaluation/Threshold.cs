namespace ParcelStream.Rules.Evaluation;

/// <summary>A named threshold whose value depends on the manifest's date (e.g. the EU duty relief until 2026-06-30).</summary>
internal sealed class Threshold(string name, string? currency, double targetRate, ThresholdPeriod[] periods)
{
    /// <summary>Gets the name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the ISO 4217 currency of the values, or null for a plain number.</summary>
    public string? Currency { get; } = currency;

    /// <summary>Gets the rate of <see cref="Currency"/> against the pack's base currency.</summary>
    public double TargetRate { get; } = targetRate;

    /// <summary>Gets the periods.</summary>
    public IReadOnlyList<ThresholdPeriod> Periods => periods;

    /// <summary>Gets the value in force at a date.</summary>
    /// <param name="millis">UTC milliseconds.</param>
    /// <returns>The value, or NaN when no period covers the date (comparisons against it then fail).</returns>
    public double ValueAt(long millis)
    {
        foreach (ThresholdPeriod period in periods)
        {
            // long.MaxValue as the end means no end (as for a rule's dates), so a createdAt of long.MaxValue is in force too.
            if (millis >= period.FromMillis && (millis < period.UntilMillis || period.UntilMillis == long.MaxValue))
            {
                return period.Value;
            }
        }

        return double.NaN;
    }
}
