using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Evaluation;

/// <summary>The right-hand side of a comparison: a number, a dated threshold, or a reference-table value times a factor.</summary>
internal sealed class Operand
{
    private readonly double _constant;
    private readonly Threshold? _threshold;
    private readonly ReferenceTable? _table;
    private readonly int _column;
    private readonly FeatureSlotRef _rowSlot;

    private Operand(double constant, Threshold? threshold, ReferenceTable? table, int column, FeatureSlotRef rowSlot)
    {
        _constant = constant;
        _threshold = threshold;
        _table = table;
        _column = column;
        _rowSlot = rowSlot;
    }

    /// <summary>Gets the currency the operand is in, if any.</summary>
    public string? Currency => _threshold?.Currency ?? _table?.Currency;

    /// <summary>Gets a value indicating whether the operand is a plain number (<see cref="Get"/> returns <see cref="ConstantValue"/>).</summary>
    public bool IsConstant => _threshold is null && _table is null;

    /// <summary>Gets the number of a constant operand.</summary>
    public double ConstantValue => _constant;

    /// <summary>A number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The operand.</returns>
    public static Operand Constant(double value) => new(value, null, null, 0, default);

    /// <summary>A threshold.</summary>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The operand.</returns>
    public static Operand Of(Threshold threshold) => new(1, threshold, null, 0, default);

    /// <summary>A table value times a factor.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">Column index.</param>
    /// <param name="times">Factor.</param>
    /// <param name="rowSlot">The item feature slot holding the line's row of the table.</param>
    /// <returns>The operand.</returns>
    public static Operand Of(ReferenceTable table, int column, double times, FeatureSlotRef rowSlot) => new(times, null, table, column, rowSlot);

    /// <summary>Gets the value.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>The value, NaN when not available.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(ref EvalContext ctx)
    {
        if (_threshold is not null)
        {
            return _threshold.ValueAt(ctx.CreatedAt);
        }

        return _table is not null ? _table.Value((int)(long)ctx.Feature(_rowSlot, 0), _column) * _constant : _constant;
    }
}
