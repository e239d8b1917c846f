using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>in on a country-code field, against a bitset.</summary>
internal sealed class CountrySetCondition(FieldRef field, CountrySet set) : Condition
{
    public override bool Evaluate(ref EvalContext ctx) => set.Contains(field.String(ref ctx));
}
