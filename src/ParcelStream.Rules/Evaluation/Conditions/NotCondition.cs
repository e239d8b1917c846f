namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>not: the child does not hold.</summary>
internal sealed class NotCondition(Condition child) : Condition
{
    public override bool Evaluate(ref EvalContext ctx) => !child.Evaluate(ref ctx);
}
