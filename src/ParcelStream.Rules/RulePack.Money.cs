using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <summary>The pack's currencies and thresholds, for stages outside the rules (split-shipment detection, replay reports).</summary>
public sealed partial class RulePack
{
    /// <summary>Gets whether the pack defines a threshold of that name.</summary>
    /// <param name="name">Threshold name without the <c>$</c>.</param>
    /// <returns>False when the pack has no such threshold.</returns>
    public bool HasThreshold(string name) => _thresholds.ContainsKey(name);

    /// <summary>Gets a threshold's value in force at a time, converted to the pack's base currency.</summary>
    /// <param name="name">Threshold name without the <c>$</c>.</param>
    /// <param name="atMillis">UTC milliseconds (the manifest's createdAt).</param>
    /// <param name="valueInBase">The value in base-currency units (e.g. EUR, not cents).</param>
    /// <returns>False when the threshold does not exist or no period covers the time.</returns>
    public bool TryGetThresholdInBase(string name, long atMillis, out double valueInBase)
    {
        valueInBase = double.NaN;
        if (!_thresholds.TryGetValue(name, out Threshold? threshold))
        {
            return false;
        }

        double value = threshold.ValueAt(atMillis);
        if (double.IsNaN(value))
        {
            return false;
        }

        valueInBase = value / threshold.TargetRate;
        return true;
    }

    /// <summary>Gets the minor-unit digits of a currency in the pack's table (ISO 4217 exponent: 2 for EUR, 0 for JPY).</summary>
    /// <param name="currency">ISO 4217 code, ASCII.</param>
    /// <returns>The exponent, or -1 when the pack has no rate for the currency.</returns>
    public int CurrencyExponent(ReadOnlySpan<byte> currency)
    {
        int index = CurrencyTable.IndexOf(currency);
        return index < 0 || double.IsNaN(_currencyRate[index]) ? -1 : (int)Math.Round(Math.Log10(_currencyScale[index]));
    }

    /// <summary>Converts an amount in minor units of a currency to base-currency units.</summary>
    /// <param name="amountMinor">Amount in minor units (cents).</param>
    /// <param name="currency">ISO 4217 code, ASCII.</param>
    /// <returns>The amount in base units, or NaN when the pack has no rate for the currency.</returns>
    public double ToBaseCurrency(long amountMinor, ReadOnlySpan<byte> currency)
    {
        int index = CurrencyTable.IndexOf(currency);
        return index < 0 ? double.NaN : amountMinor / _currencyScale[index] / _currencyRate[index];
    }
}
