using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Replay;

/// <summary>What the replay tallies fiscal assessments by: currency (three ASCII letters packed in an int, so no string per decision), regime, declaration type, VAT collector.</summary>
/// <param name="Currency">The packed currency code (0 when not three letters).</param>
/// <param name="Regime">The regime.</param>
/// <param name="Declaration">The declaration type.</param>
/// <param name="Collector">Who collects the VAT.</param>
internal readonly record struct AssessmentKey(int Currency, FiscalRegime Regime, DeclarationType Declaration, VatCollector Collector)
{
    /// <summary>Packs a currency code.</summary>
    /// <param name="currency">ASCII bytes.</param>
    /// <returns>The three bytes in one int, or 0 when the code is not three bytes long.</returns>
    public static int CurrencyCode(ReadOnlySpan<byte> currency) => currency.Length == 3 ? (currency[0] << 16) | (currency[1] << 8) | currency[2] : 0;

    /// <summary>Unpacks a currency code.</summary>
    /// <param name="code">The packed code.</param>
    /// <returns>The three letters, or "?" for 0.</returns>
    public static string CurrencyText(int code) => code == 0 ? "?" : new string([(char)((code >> 16) & 0xFF), (char)((code >> 8) & 0xFF), (char)(code & 0xFF)]);
}
