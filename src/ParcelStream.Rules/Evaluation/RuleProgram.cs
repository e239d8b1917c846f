using ParcelStream.Rules.Evaluation.Conditions;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// The rules' condition trees flattened into one array of tests with jump targets: all / any / not become jumps, anyItem
/// and allItems loops of two instructions, and anyItem over one keyword or prefix bit a single test of the bits OR-ed
/// over the lines. Evaluating a rule walks the array in one loop with a switch: no virtual call per node, and every
/// leaf keeps the exact semantics of its condition type (the switch calls it non-virtually).
/// </summary>
internal sealed partial class RuleProgram
{
    /// <summary>Jump target that ends the rule: its condition holds.</summary>
    public const int Holds = -1;

    /// <summary>Jump target that ends the rule: its condition does not hold.</summary>
    public const int Fails = -2;

    /// <summary>Rules per generated method (2, 4, 8 and all 34 of the default pack measured within 3 % of each other; 8 the fastest).</summary>
    private const int RulesPerMethod = 8;

    private const int HoldsLabel = 0;
    private const int FailsLabel = 1;

    private readonly Instruction[] _code;
    private readonly int[] _entries;
    private readonly long[] _validFrom;
    private readonly long[] _validUntil;
    private readonly CompiledRules? _compiled;

    /// <summary>Flattens the conditions.</summary>
    /// <param name="conditions">Each rule's condition, in evaluation order.</param>
    /// <param name="validFrom">Each rule's first instant in effect, UTC milliseconds.</param>
    /// <param name="validUntil">Each rule's instant from which it is no longer in effect (exclusive).</param>
    /// <param name="compile">Whether to compile the instructions to IL (when the runtime can), rather than interpret them.</param>
    public RuleProgram(IReadOnlyList<Condition> conditions, long[] validFrom, long[] validUntil, bool compile = true)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        _validFrom = validFrom;
        _validUntil = validUntil;
        var builder = new Builder();
        _entries = new int[conditions.Count];
        for (int r = 0; r < conditions.Count; r++)
        {
            _entries[r] = builder.Count;
            builder.Emit(conditions[r], HoldsLabel, FailsLabel);
        }

        _code = builder.Resolve();
        _compiled = compile ? Compile(RulesPerMethod) : null;
    }

    /// <summary>Gets a value indicating whether <see cref="EvaluateAll"/> runs compiled code (false: the interpreter).</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>Accumulates instructions whose jump targets are labels, resolved to indexes at the end.</summary>
    private sealed class Builder
    {
        private readonly List<(OpCode Op, Condition? Condition, FeatureSlotRef Slot, int Word, ulong Mask, int OnTrue, int OnFalse)> _code = [];
        private readonly List<int> _labels = [Holds, Fails];

        public int Count => _code.Count;

        /// <summary>Emits code that goes to <paramref name="onTrue"/> when the condition holds, else to <paramref name="onFalse"/> (labels).</summary>
        public void Emit(Condition condition, int onTrue, int onFalse)
        {
            switch (condition)
            {
                case AllCondition all:
                    for (int c = 0; c < all.Children.Count - 1; c++)
                    {
                        int next = NewLabel();
                        Emit(all.Children[c], next, onFalse);
                        Mark(next);
                    }

                    Emit(all.Children[^1], onTrue, onFalse);
                    break;
                case AnyCondition any:
                    for (int c = 0; c < any.Children.Count - 1; c++)
                    {
                        int next = NewLabel();
                        Emit(any.Children[c], onTrue, next);
                        Mark(next);
                    }

                    Emit(any.Children[^1], onTrue, onFalse);
                    break;
                case NotCondition not:
                    Emit(not.Child, onFalse, onTrue);
                    break;
                case ItemsCondition { All: false, Child: FeatureCondition { Slot.IsItem: true } feature }:
                    // Some line has the bit exactly when the bits OR-ed over the lines have it (none when no line).
                    _code.Add((OpCode.AnyItemFeature, null, feature.Slot, feature.Word, feature.Mask, onTrue, onFalse));
                    break;
                case ItemsCondition items:
                    // anyItem: a line that holds ends the loop true, running out of lines false; allItems the reverse.
                    int body = NewLabel();
                    int step = NewLabel();
                    _code.Add((OpCode.ItemsBegin, null, default, 0, 0, body, onFalse));
                    Mark(body);
                    Emit(items.Child, items.All ? step : onTrue, items.All ? onFalse : step);
                    Mark(step);
                    _code.Add((OpCode.ItemsNext, null, default, 0, 0, body, items.All ? onTrue : onFalse));
                    break;
                case FeatureCondition feature:
                    _code.Add((OpCode.Feature, null, feature.Slot, feature.Word, feature.Mask, onTrue, onFalse));
                    break;
                default:
                    _code.Add((LeafOp(condition), condition, default, 0, 0, onTrue, onFalse));
                    break;
            }
        }

        public Instruction[] Resolve() =>
            [.. _code.Select(i => new Instruction(i.Op, i.Condition, i.Slot, i.Word, i.Mask, _labels[i.OnTrue], _labels[i.OnFalse]))];

        private static OpCode LeafOp(Condition condition) => condition switch
        {
            EnumSetCondition => OpCode.EnumSet,
            CountrySetCondition => OpCode.CountrySet,
            StringEqualsCondition => OpCode.StringEquals,
            StringSetCondition => OpCode.StringSet,
            PresenceCondition => OpCode.Presence,
            FormatCondition => OpCode.Format,
            NumericCondition => OpCode.Numeric,
            WatchListCondition => OpCode.WatchList,
            _ => OpCode.Condition,
        };

        private int NewLabel()
        {
            _labels.Add(int.MinValue);
            return _labels.Count - 1;
        }

        private void Mark(int label) => _labels[label] = _code.Count;
    }
}
