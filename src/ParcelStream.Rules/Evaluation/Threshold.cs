namespace ParcelStream.Rules.Evaluation;

/// <summary>A named threshold whose value depends on the manifest's date (e.g. the EU duty relief until 2026-06-30).</summary>
internal sealed class Threshold(string name, string? currency, double targetRate, ThresholdPeriod[] periods)
{
    private readonly byte[][] _labels = [.. periods.Select(Label)];

    /// <summary>Gets the name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the name, UTF-8.</summary>
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(name);

    /// <summary>Gets the ISO 4217 currency of the values, or null for a plain number.</summary>
    public string? Currency { get; } = currency;

    /// <summary>Gets <see cref="Currency"/> as UTF-8 (empty for a plain number).</summary>
    public byte[] CurrencyUtf8 { get; } = System.Text.Encoding.ASCII.GetBytes(currency ?? string.Empty);

    /// <summary>Gets the rate of <see cref="Currency"/> against the pack's base currency.</summary>
    public double TargetRate { get; } = targetRate;

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

    /// <summary>Gets the index of the period in force at a date.</summary>
    /// <param name="millis">UTC milliseconds.</param>
    /// <returns>The index, or -1 when no period covers the date.</returns>
    public int PeriodAt(long millis)
    {
        for (int i = 0; i < periods.Length; i++)
        {
            if (millis >= periods[i].FromMillis && millis < periods[i].UntilMillis)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets a period's value.</summary>
    /// <param name="period">From <see cref="PeriodAt"/>.</param>
    /// <returns>The value.</returns>
    public double Value(int period) => periods[period].Value;

    /// <summary>Gets a period as UTF-8 ISO 8601 dates, both inclusive, ".." for an open end ("2026-07-01/2028-06-30").</summary>
    /// <param name="period">From <see cref="PeriodAt"/>.</param>
    /// <returns>The label, built at load.</returns>
    public ReadOnlySpan<byte> PeriodLabel(int period) => _labels[period];

    private static byte[] Label(ThresholdPeriod p) => System.Text.Encoding.ASCII.GetBytes(
        (p.FromMillis == long.MinValue ? ".." : Day(p.FromMillis)) + "/" + (p.UntilMillis == long.MaxValue ? ".." : Day(p.UntilMillis - 1)));

    private static string Day(long millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
