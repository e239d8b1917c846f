using System.Runtime.CompilerServices;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>in on a string field, against a hashed set (traders, ids, party-name placeholders).</summary>
internal sealed class StringSetCondition(FieldRef field, Utf8Set set) : Condition
{
    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx) => set.Contains(field.String(ref ctx));
}
