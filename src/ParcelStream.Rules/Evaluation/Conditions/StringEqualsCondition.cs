using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>equals on a string field: ASCII letters compared case-insensitively, surrounding white space ignored.</summary>
internal sealed class StringEqualsCondition(FieldRef field, byte[] expected) : Condition
{
    public override bool Evaluate(ref EvalContext ctx) => Utf8Set.EqualsIgnoreCase(Utf8Set.Trim(field.String(ref ctx)), expected);
}
