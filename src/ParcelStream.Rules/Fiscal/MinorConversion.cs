namespace ParcelStream.Rules.Fiscal;

/// <summary>Converts minor units of a manifest's currency to minor units of an assessment currency with the pack's rates (exact when they are the same).</summary>
/// <param name="Same">Whether the two currencies are the same.</param>
/// <param name="FromScale">10^exponent of the manifest's currency.</param>
/// <param name="FromRate">Its rate against the base currency.</param>
/// <param name="ToScale">10^exponent of the assessment currency.</param>
/// <param name="ToRate">Its rate against the base currency.</param>
internal readonly record struct MinorConversion(bool Same, double FromScale, double FromRate, double ToScale, double ToRate)
{
    /// <summary>Gets the exchange rate: units of the assessment currency per unit of the manifest's.</summary>
    public double ExchangeRate => Same ? 1 : ToRate / FromRate;

    /// <summary>Converts an amount.</summary>
    /// <param name="minor">Minor units of the manifest's currency.</param>
    /// <returns>Minor units of the assessment currency, unrounded.</returns>
    public double Convert(long minor) => Same ? minor : minor / FromScale / FromRate * ToRate * ToScale;

    /// <summary>Converts an amount to major units of a threshold's currency, as rules compare money (exact in the manifest's own currency).</summary>
    /// <param name="minor">Minor units of the manifest's currency.</param>
    /// <param name="thresholdRate">The threshold currency's rate against the base currency.</param>
    /// <returns>Major units.</returns>
    public double MajorIn(long minor, double thresholdRate) => FromRate == thresholdRate ? minor / FromScale : minor / FromScale / FromRate * thresholdRate;
}
