using System.Runtime.CompilerServices;
using ParcelStream.Rules.Identifiers;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>format: the field is a well-formed identifier of the given kind.</summary>
internal sealed class FormatCondition(FieldRef field, IdentifierFormat format) : Condition
{
    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx)
    {
        ReadOnlySpan<byte> value = field.String(ref ctx);
        return format switch
        {
            IdentifierFormat.S10 => S10Id.IsValid(value),
            IdentifierFormat.Ioss => IossNumber.IsValid(value),
            _ => HsCode.IsValid(value),
        };
    }
}
