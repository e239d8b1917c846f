using System.Runtime.CompilerServices;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>in on a country-code field, against a bitset.</summary>
internal sealed class CountrySetCondition(FieldRef field, CountrySet set) : Condition
{
    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx) => set.Contains(field.String(ref ctx));
}
