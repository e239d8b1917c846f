using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;

namespace ParcelStream.Rules.Fiscal;

/// <summary>A destination's tariff: duty percent by HS prefix from a pack table (column <c>percent</c>), and the rate of lines without a row.</summary>
internal sealed class DutyRates(ReferenceTable? table, int column, double defaultPercent)
{
    /// <summary>Gets the table's name, UTF-8 (empty without a table).</summary>
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(table?.Name ?? "default rate");

    /// <summary>Gets the percent for a goods line's HS code.</summary>
    /// <param name="hsCode">The line's HS code.</param>
    /// <returns>The row's percent, or the default.</returns>
    public double PercentFor(ReadOnlySpan<byte> hsCode)
    {
        double percent = table is null ? double.NaN : table.Value(table.Row(hsCode), column);
        return double.IsNaN(percent) ? defaultPercent : percent;
    }

    /// <summary>Gets the duty on every goods line, in minor units of the assessment currency (unrounded).</summary>
    /// <param name="m">The manifest.</param>
    /// <param name="toMinor">Converts the manifest's minor units to the assessment currency's.</param>
    /// <param name="valueMinor">The lines' value, converted.</param>
    /// <param name="singlePercent">The rate when every line has the same, else NaN.</param>
    /// <returns>The duty.</returns>
    public double Duty(ManifestView m, in MinorConversion toMinor, out double valueMinor, out double singlePercent)
    {
        double duty = 0;
        valueMinor = 0;
        singlePercent = double.NaN;
        for (int i = 0; i < m.ItemCount; i++)
        {
            double line = toMinor.Convert(m.GetItemInt64(i, ItemField.ValueMinor));
            double percent = PercentFor(m.GetItemString(i, ItemField.HsCode));
            singlePercent = i == 0 || singlePercent == percent ? percent : double.PositiveInfinity;
            valueMinor += line;
            duty += line * percent / 100;
        }

        if (double.IsInfinity(singlePercent))
        {
            singlePercent = double.NaN;
        }

        return duty;
    }
}
