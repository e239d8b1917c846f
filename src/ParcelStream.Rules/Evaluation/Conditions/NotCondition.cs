namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>not: the child does not hold.</summary>
internal sealed class NotCondition(Condition child) : Condition
{
    /// <summary>Gets the negated condition.</summary>
    public Condition Child => child;

    public override bool Evaluate(ref EvalContext ctx) => !child.Evaluate(ref ctx);
}
