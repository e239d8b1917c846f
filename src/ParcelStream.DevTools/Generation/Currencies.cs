namespace ParcelStream.DevTools.Generation;

/// <summary>Currencies of the origins: ISO 4217 minor-unit exponent and a fixed, rounded EUR rate (synthetic data, not quotes).</summary>
internal static class Currencies
{
    private static readonly Dictionary<string, (double EurPerUnit, int Exponent)> s_table = new(StringComparer.Ordinal)
    {
        ["EUR"] = (1.0, 2),
        ["USD"] = (0.92, 2),
        ["CNY"] = (0.128, 2),
        ["HKD"] = (0.118, 2),
        ["GBP"] = (1.17, 2),
        ["TRY"] = (0.027, 2),
        ["INR"] = (0.011, 2),
        ["KRW"] = (0.00068, 0),
        ["JPY"] = (0.0061, 0),
        ["VND"] = (0.000036, 0),
        ["TWD"] = (0.028, 2),
        ["THB"] = (0.026, 2),
        ["CAD"] = (0.68, 2),
        ["AUD"] = (0.61, 2),
    };

    /// <summary>Converts EUR cents to minor units of <paramref name="currency"/>.</summary>
    public static long FromEuroCents(long euroCents, string currency)
    {
        (double eurPerUnit, int exponent) = s_table[currency];
        double units = euroCents / 100.0 / eurPerUnit;
        return Math.Max(1, (long)Math.Round(units * Pow10(exponent)));
    }

    /// <summary>Converts minor units of <paramref name="currency"/> to EUR cents.</summary>
    public static long ToEuroCents(long minor, string currency)
    {
        (double eurPerUnit, int exponent) = s_table[currency];
        return (long)Math.Round(minor / Pow10(exponent) * eurPerUnit * 100);
    }

    private static double Pow10(int exponent) => exponent == 0 ? 1 : 100;
}
