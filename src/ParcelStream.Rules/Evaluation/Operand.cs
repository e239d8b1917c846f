namespace ParcelStream.Rules.Evaluation;

/// <summary>The right-hand side of a comparison: a number, a dated threshold, or a reference-table value times a factor.</summary>
internal sealed class Operand
{
    private readonly double _constant;
    private readonly Threshold? _threshold;
    private readonly ReferenceTable? _table;
    private readonly int _column;

    private Operand(double constant, Threshold? threshold, ReferenceTable? table, int column)
    {
        _constant = constant;
        _threshold = threshold;
        _table = table;
        _column = column;
    }

    /// <summary>Gets the currency the operand is in, if any.</summary>
    public string? Currency => _threshold?.Currency ?? _table?.Currency;

    /// <summary>Gets a value indicating whether the operand needs a goods line in scope.</summary>
    public bool NeedsItem => _table is not null;

    /// <summary>A number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The operand.</returns>
    public static Operand Constant(double value) => new(value, null, null, 0);

    /// <summary>A threshold.</summary>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The operand.</returns>
    public static Operand Of(Threshold threshold) => new(1, threshold, null, 0);

    /// <summary>A table value times a factor.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">Column index.</param>
    /// <param name="times">Factor.</param>
    /// <returns>The operand.</returns>
    public static Operand Of(ReferenceTable table, int column, double times) => new(times, null, table, column);

    /// <summary>Gets the value.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>The value, NaN when not available.</returns>
    public double Get(ref EvalContext ctx)
    {
        if (_threshold is not null)
        {
            return _threshold.ValueAt(ctx.CreatedAt);
        }

        return _table is not null ? _table.Lookup(ref ctx, _column) * _constant : _constant;
    }
}
