using System.Runtime.CompilerServices;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>present / missing: a string is missing when null, empty or only white space; a number when zero or negative.</summary>
internal sealed class PresenceCondition(FieldRef field, bool present) : Condition
{
    private readonly bool _isString = field.IsString;

    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx)
    {
        bool has = _isString ? Utf8Set.HasNonSpace(field.String(ref ctx)) : field.Number(ref ctx) > 0;
        return has == present;
    }
}
