using System.Runtime.CompilerServices;
namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>equals or in on an enum field (operatorType, transport.mode, category), as a bit mask of symbols.</summary>
internal sealed class EnumSetCondition(FieldRef field, ulong symbols) : Condition
{
    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx)
    {
        long value = field.Number(ref ctx);
        return (ulong)value < 64 && (symbols & (1UL << (int)value)) != 0;
    }
}
