using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ParcelStream.Rules.Evaluation.Conditions;

namespace ParcelStream.Rules.Evaluation;

/// <summary>Running a rule's instructions.</summary>
internal sealed partial class RuleProgram
{
    /// <summary>Evaluates one rule's condition, whatever its effective dates.</summary>
    /// <param name="rule">Index of the rule, in the order given at construction.</param>
    /// <param name="ctx">The evaluation, features computed.</param>
    /// <returns>True when the condition holds.</returns>
    public bool Evaluate(int rule, ref EvalContext ctx) => Run(_entries[rule], ref ctx);

    /// <summary>Evaluates every rule in effect at the manifest's date: the compiled code when there is one, else the interpreter.</summary>
    /// <param name="ctx">The evaluation, features computed.</param>
    /// <param name="hits">At least (rules + 63) / 64 words: bit r set when rule r is in effect and its condition holds.</param>
    /// <returns>The number of rules that hold.</returns>
    public int EvaluateAll(ref EvalContext ctx, scoped Span<ulong> hits)
    {
        if (_compiled is null)
        {
            return Interpret(ref ctx, hits);
        }

        int words = (_entries.Length + 63) / 64;
        Span<ulong> used = hits[..words];
        used.Clear();
        _compiled(ref ctx, ref MemoryMarshal.GetReference(used));
        int count = 0;
        foreach (ulong word in used)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>Evaluates every rule in effect at the manifest's date by interpreting the instructions, in one loop (no call per rule).</summary>
    /// <param name="ctx">The evaluation, features computed.</param>
    /// <param name="hits">At least (rules + 63) / 64 words: bit r set when rule r is in effect and its condition holds.</param>
    /// <returns>The number of rules that hold.</returns>
    public int Interpret(ref EvalContext ctx, scoped Span<ulong> hits)
    {
        long at = ctx.CreatedAt;
        int[] entries = _entries;
        long[] from = _validFrom;
        long[] until = _validUntil;
        int count = 0;
        hits[..((entries.Length + 63) / 64)].Clear();
        for (int r = 0; r < entries.Length && r < from.Length && r < until.Length; r++)
        {
            // long.MaxValue as the end means no end, as the compiled code has it: a createdAt of long.MaxValue must not
            // skip the rules that have no dates (issue 13: the two disagreed, and the interpreter skipped every rule).
            if (at >= from[r] && (at < until[r] || until[r] == long.MaxValue) && Run(entries[r], ref ctx))
            {
                hits[r >> 6] |= 1UL << r;
                count++;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Run(int pc, ref EvalContext ctx)
    {
        // No bounds checks: entries and jump targets are instruction indexes by construction, and a negative target ends
        // the rule before it is used. Each leaf's condition has the exact type its op code names (see Builder.LeafOp).
        ref Instruction code = ref MemoryMarshal.GetArrayDataReference(_code);
        while (true)
        {
            ref Instruction ins = ref Unsafe.Add(ref code, pc);
            bool holds;
            switch (ins.Op)
            {
                case OpCode.Feature:
                    holds = (ctx.Feature(ins.Slot, ins.Word) & ins.Mask) != 0;
                    break;
                case OpCode.AnyItemFeature:
                    holds = (ctx.AnyItemFeature(ins.Slot, ins.Word) & ins.Mask) != 0;
                    break;
                case OpCode.EnumSet:
                    holds = Unsafe.As<EnumSetCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.CountrySet:
                    holds = Unsafe.As<CountrySetCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.StringEquals:
                    holds = Unsafe.As<StringEqualsCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.StringSet:
                    holds = Unsafe.As<StringSetCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.Presence:
                    holds = Unsafe.As<PresenceCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.Format:
                    holds = Unsafe.As<FormatCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.Numeric:
                    holds = Unsafe.As<NumericCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.WatchList:
                    holds = Unsafe.As<WatchListCondition>(ins.Condition!).Evaluate(ref ctx);
                    break;
                case OpCode.ItemsBegin:
                    ctx.Item = 0;
                    holds = ctx.Manifest.ItemCount > 0;
                    break;
                case OpCode.ItemsNext:
                    holds = ++ctx.Item < ctx.Manifest.ItemCount;
                    break;
                default:
                    holds = ins.Condition!.Evaluate(ref ctx);
                    break;
            }

            pc = holds ? ins.OnTrue : ins.OnFalse;
            if (pc < 0)
            {
                ctx.Item = -1;
                return pc == Holds;
            }
        }
    }
}
