using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// Reference values per HS prefix (e.g. the lowest plausible value per unit and per kg of a heading): a line takes the
/// row of the longest prefix of its HS code.
/// </summary>
internal sealed class ReferenceTable(string name, string? currency, double targetRate, string[] columns, ByteTrie prefixes, double[][] rows)
{
    /// <summary>Gets the name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the ISO 4217 currency of the values, or null.</summary>
    public string? Currency { get; } = currency;

    /// <summary>Gets the rate of <see cref="Currency"/> against the base currency.</summary>
    public double TargetRate { get; } = targetRate;

    /// <summary>Gets the column names.</summary>
    public IReadOnlyList<string> Columns => columns;

    /// <summary>Gets the row of the longest listed prefix of an HS code.</summary>
    /// <param name="hsCode">The line's HS code.</param>
    /// <returns>The row, or -1 when none.</returns>
    public int Row(ReadOnlySpan<byte> hsCode) => prefixes.LongestRow(hsCode);

    /// <summary>Gets a value of a row.</summary>
    /// <param name="row">A row from <see cref="Row"/>.</param>
    /// <param name="column">Column index.</param>
    /// <returns>The value, or NaN when no row or no value.</returns>
    public double Value(int row, int column) => row < 0 ? double.NaN : rows[row][column];
}
