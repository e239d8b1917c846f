using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>present / missing: a string is missing when null, empty or only white space; a number when zero or negative.</summary>
internal sealed class PresenceCondition(FieldRef field, bool present) : Condition
{
    public override bool Evaluate(ref EvalContext ctx)
    {
        bool has = field.IsString ? !Utf8Set.Trim(field.String(ref ctx)).IsEmpty : field.Number(ref ctx) > 0;
        return has == present;
    }
}
