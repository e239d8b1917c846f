namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>any: at least one child holds (evaluated in order, stopping at the first that does).</summary>
internal sealed class AnyCondition(Condition[] children) : Condition
{
    /// <summary>Gets the children, in evaluation order.</summary>
    public IReadOnlyList<Condition> Children => children;

    public override bool Evaluate(ref EvalContext ctx)
    {
        foreach (Condition child in children)
        {
            if (child.Evaluate(ref ctx))
            {
                return true;
            }
        }

        return false;
    }
}
