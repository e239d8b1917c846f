namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>all: every child holds (evaluated in order, stopping at the first that does not).</summary>
internal sealed class AllCondition(Condition[] children) : Condition
{
    /// <summary>Gets the children, in evaluation order.</summary>
    public IReadOnlyList<Condition> Children => children;

    public override bool Evaluate(ref EvalContext ctx)
    {
        foreach (Condition child in children)
        {
            if (!child.Evaluate(ref ctx))
            {
                return false;
            }
        }

        return true;
    }
}
