using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>in on a string field, against a hashed set (traders, ids, party-name placeholders).</summary>
internal sealed class StringSetCondition(FieldRef field, Utf8Set set) : Condition
{
    public override bool Evaluate(ref EvalContext ctx) => set.Contains(field.String(ref ctx));
}
