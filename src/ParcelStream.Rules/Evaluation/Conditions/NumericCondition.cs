namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>gt / gte / lt / lte (several in one condition must all hold); NaN on either side fails.</summary>
internal sealed class NumericCondition(ValueSource value, (Comparison Op, Operand Operand)[] checks) : Condition
{
    /// <summary>Gets the value compared (left-hand side).</summary>
    public ValueSource Value => value;

    /// <summary>Gets the comparisons, in evaluation order.</summary>
    public IReadOnlyList<(Comparison Op, Operand Operand)> Checks => checks;

    public override bool Evaluate(ref EvalContext ctx)
    {
        double left = value.GetInline(ref ctx);
        foreach ((Comparison op, Operand operand) in checks)
        {
            double right = operand.Get(ref ctx);
            bool holds = op switch
            {
                Comparison.Greater => left > right,
                Comparison.GreaterOrEqual => left >= right,
                Comparison.Less => left < right,
                _ => left <= right,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
