namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// Duty and VAT rates the world uses to put a number on the revenue an undervaluation loses: illustrative, taken from
/// rules/default/assessment.yaml (VAT by destination, duty by HS prefix), simplified to one combined rate per line.
/// </summary>
internal static class RevenueRates
{
    private static readonly Dictionary<string, double> s_vat = new(StringComparer.Ordinal)
    {
        ["AT"] = 0.20, ["BE"] = 0.21, ["CZ"] = 0.21, ["DE"] = 0.19, ["ES"] = 0.21, ["FR"] = 0.20, ["IE"] = 0.23, ["IT"] = 0.22,
        ["NL"] = 0.21, ["PL"] = 0.23, ["PT"] = 0.23, ["SE"] = 0.25, ["GB"] = 0.20, ["CA"] = 0.05, ["AU"] = 0.10, ["US"] = 0.0,
    };

    private static readonly (string Prefix, double Duty)[] s_duty =
    [
        ("61", 0.12), ("62", 0.12), ("64", 0.17), ("4202", 0.037), ("3926", 0.065), ("7113", 0.025), ("8471", 0.0),
        ("8517", 0.0), ("8518", 0.02), ("8544", 0.037), ("9102", 0.045), ("9503", 0.0),
    ];

    /// <summary>Gets the share of an undeclared value lost in duty and VAT: duty + VAT x (1 + duty).</summary>
    /// <param name="destination">The destination country (ISO alpha-2).</param>
    /// <param name="hsCode">The goods line's HS code.</param>
    /// <returns>The combined rate, e.g. 0.2138 for apparel to Germany.</returns>
    public static double TaxRate(string destination, string hsCode)
    {
        double duty = destination == "US" ? 0.10 : 0.04;
        int longest = 0;
        foreach ((string prefix, double rate) in s_duty)
        {
            if (prefix.Length > longest && hsCode.StartsWith(prefix, StringComparison.Ordinal))
            {
                duty = rate;
                longest = prefix.Length;
            }
        }

        return duty + (s_vat.GetValueOrDefault(destination, 0.20) * (1 + duty));
    }
}
