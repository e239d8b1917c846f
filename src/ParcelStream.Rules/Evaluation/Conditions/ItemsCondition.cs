namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>anyItem / allItems: the child holds for at least one goods line, or for every line (false when there is none).</summary>
internal sealed class ItemsCondition(Condition child, bool all) : Condition
{
    /// <summary>Gets the condition on each line.</summary>
    public Condition Child => child;

    /// <summary>Gets a value indicating whether every line must hold (allItems) rather than one (anyItem).</summary>
    public bool All => all;

    public override bool Evaluate(ref EvalContext ctx)
    {
        int count = ctx.Manifest.ItemCount;
        if (count == 0)
        {
            return false;
        }

        bool result = all;
        for (int i = 0; i < count; i++)
        {
            ctx.Item = i;
            if (child.Evaluate(ref ctx) != all)
            {
                result = !all;
                break;
            }
        }

        ctx.Item = -1;
        return result;
    }
}
