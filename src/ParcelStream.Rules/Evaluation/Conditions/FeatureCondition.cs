namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>containsWord / onlyWords / prefix: a bit of the features computed once per evaluation.</summary>
internal sealed class FeatureCondition(FeatureSlotRef slot, int word, ulong mask) : Condition
{
    /// <summary>Gets the slot.</summary>
    public FeatureSlotRef Slot => slot;

    /// <summary>Gets the word of the slot (0 contains / prefix, 1 only).</summary>
    public int Word => word;

    /// <summary>Gets the bits tested.</summary>
    public ulong Mask => mask;

    public override bool Evaluate(ref EvalContext ctx) => (ctx.Feature(slot, word) & mask) != 0;
}
