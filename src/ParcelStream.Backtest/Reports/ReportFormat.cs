using System.Globalization;

namespace ParcelStream.Backtest.Reports;

/// <summary>Number formatting shared by the reports: invariant culture, so that a report reads the same everywhere.</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>Formats a count with thousands separators.</summary>
    /// <param name="value">The count.</param>
    /// <returns>E.g. 1,234,567.</returns>
    public static string Count(long value) => value.ToString("N0", s_invariant);

    /// <summary>Formats an expected (fractional) count.</summary>
    /// <param name="value">The count.</param>
    /// <returns>E.g. 1,234.5.</returns>
    public static string Count(double value) => value.ToString("N1", s_invariant);

    /// <summary>Formats a share as a percentage with two decimals.</summary>
    /// <param name="share">0..1, or NaN.</param>
    /// <returns>E.g. 3.25 %, or n/a for NaN.</returns>
    public static string Percent(double share) => double.IsNaN(share) ? "n/a" : (share * 100).ToString("0.00", s_invariant) + " %";

    /// <summary>Formats a share of a count as a percentage.</summary>
    /// <param name="part">The part.</param>
    /// <param name="whole">The whole.</param>
    /// <returns>E.g. 3.25 %; n/a when the whole is 0.</returns>
    public static string Percent(long part, long whole) => Percent(whole == 0 ? double.NaN : (double)part / whole);

    /// <summary>Formats an amount in minor units with thousands separators and the currency's minor-unit digits.</summary>
    /// <param name="minor">The amount in minor units (cents).</param>
    /// <param name="exponent">Minor-unit digits (2 for EUR, 0 for JPY).</param>
    /// <returns>E.g. 1,234.56.</returns>
    public static string Amount(long minor, int exponent)
    {
        int digits = Math.Clamp(exponent, 0, 9);
        decimal major = minor;
        for (int i = 0; i < digits; i++)
        {
            major /= 10;
        }

        return major.ToString("N" + digits.ToString(s_invariant), s_invariant);
    }

    /// <summary>Formats an amount in minor units with its currency.</summary>
    /// <param name="currency">ISO 4217 code.</param>
    /// <param name="minor">The amount in minor units.</param>
    /// <param name="exponent">Minor-unit digits.</param>
    /// <returns>E.g. EUR 1,234.56.</returns>
    public static string Money(string currency, long minor, int exponent) => currency + " " + Amount(minor, exponent);

    /// <summary>Formats a signed difference of counts.</summary>
    /// <param name="value">The difference.</param>
    /// <returns>E.g. +12, -3, 0.</returns>
    public static string Signed(long value) => value > 0 ? "+" + Count(value) : Count(value);

    /// <summary>Formats a number for SVG coordinates.</summary>
    /// <param name="value">The number.</param>
    /// <returns>One decimal, invariant.</returns>
    public static string Coordinate(double value) => value.ToString("0.#", s_invariant);

    /// <summary>Formats a risk-score bin's range.</summary>
    /// <param name="bin">The bin.</param>
    /// <param name="bins">Number of bins.</param>
    /// <returns>E.g. 0.20-0.25.</returns>
    public static string ScoreBin(int bin, int bins) =>
        ((double)bin / bins).ToString("0.00", s_invariant) + "-" + ((double)(bin + 1) / bins).ToString("0.00", s_invariant);

    /// <summary>Formats a UTC time in milliseconds since the epoch.</summary>
    /// <param name="millis">The time.</param>
    /// <returns>E.g. 2026-03-02 06:00:00Z.</returns>
    public static string Time(long millis) =>
        millis is long.MinValue or long.MaxValue ? "n/a" : DateTimeOffset.FromUnixTimeMilliseconds(millis).ToString("yyyy-MM-dd HH:mm:ss'Z'", s_invariant);
}
