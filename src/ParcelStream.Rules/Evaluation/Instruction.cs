using System.Runtime.InteropServices;
using ParcelStream.Rules.Evaluation.Conditions;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// One step of a <see cref="RuleProgram"/>: a test, and where to go when it holds and when not (an instruction index, or
/// <see cref="RuleProgram.Holds"/> / <see cref="RuleProgram.Fails"/> to end the rule).
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct Instruction(OpCode op, Condition? condition, FeatureSlotRef slot, int word, ulong mask, int onTrue, int onFalse)
{
    /// <summary>Gets the test.</summary>
    public OpCode Op { get; } = op;

    /// <summary>Gets the leaf condition (its exact type is the one <see cref="Op"/> names).</summary>
    public Condition? Condition { get; } = condition;

    /// <summary>Gets the feature slot (feature tests).</summary>
    public FeatureSlotRef Slot { get; } = slot;

    /// <summary>Gets the feature word (feature tests).</summary>
    public int Word { get; } = word;

    /// <summary>Gets the feature bits (feature tests).</summary>
    public ulong Mask { get; } = mask;

    /// <summary>Gets where to go when the test holds.</summary>
    public int OnTrue { get; } = onTrue;

    /// <summary>Gets where to go when it does not.</summary>
    public int OnFalse { get; } = onFalse;
}
