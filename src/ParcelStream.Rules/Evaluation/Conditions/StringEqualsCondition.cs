using System.Runtime.CompilerServices;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>equals on a string field: ASCII letters compared case-insensitively, surrounding white space ignored.</summary>
internal sealed class StringEqualsCondition(FieldRef field, byte[] expected) : Condition
{
    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx) => Utf8Set.EqualsIgnoreCase(Utf8Set.Trim(field.String(ref ctx)), expected);
}
