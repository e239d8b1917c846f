namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>containsWord / onlyWords / prefix: a bit of the features computed once per evaluation.</summary>
internal sealed class FeatureCondition(FeatureSlotRef slot, int word, ulong mask) : Condition
{
    public override bool Evaluate(ref EvalContext ctx) => (ctx.Feature(slot, word) & mask) != 0;
}
