using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation.Conditions;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// Compiling the instructions to IL once per pack load: each instruction becomes its test followed by branches to its
/// targets, so running the rules is straight-line code with no dispatch, no instruction loads, the feature indexes,
/// masks, numeric constants and effective dates as immediates, and each leaf a direct call on its sealed condition type
/// (which the JIT inlines). The interpreter stays the reference: tests run both on random manifests.
/// </summary>
internal sealed partial class RuleProgram
{
    /// <summary>Compiled form of <see cref="EvaluateAll"/>: sets hit bits in <paramref name="hits"/> (cleared by the caller).</summary>
    /// <param name="ctx">The evaluation, features computed.</param>
    /// <param name="hits">The first of (rules + 63) / 64 words.</param>
    private delegate void CompiledRules(ref EvalContext ctx, ref ulong hits);

    /// <summary>Compiles the program, or returns null when this runtime cannot run generated code (interpreted then).</summary>
    /// <param name="rulesPerMethod">Rules per generated method: the JIT stops inlining the leaves into one large method, so the rules are split into methods of a few rules that one method calls in order.</param>
    private CompiledRules? Compile(int rulesPerMethod)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || !RuntimeFeature.IsDynamicCodeCompiled)
        {
            return null;
        }

        var constants = new ConstantPool();
        DynamicMethod main = NewMethod();
        ILGenerator il = main.GetILGenerator();
        for (int first = 0; first < _entries.Length; first += rulesPerMethod)
        {
            DynamicMethod part = new Emitter(this, constants, first, Math.Min(_entries.Length, first + rulesPerMethod)).Emit();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Call, part);
        }

        il.Emit(OpCodes.Ret);
        return main.CreateDelegate<CompiledRules>(constants.ToArray());
    }

    /// <summary>A method of the <see cref="CompiledRules"/> signature with the plan's objects as first argument.</summary>
    private static DynamicMethod NewMethod() => new(
        nameof(CompiledRules),
        typeof(void),
        [typeof(object[]), typeof(EvalContext).MakeByRefType(), typeof(ulong).MakeByRefType()],
        typeof(RuleProgram).Module,
        skipVisibility: true);

    /// <summary>The objects of the plan that generated code uses (conditions, values, operands), each once, by index.</summary>
    private sealed class ConstantPool
    {
        private readonly List<object> _values = [];
        private readonly Dictionary<object, int> _index = new(ReferenceEqualityComparer.Instance);

        public int IndexOf(object value)
        {
            if (!_index.TryGetValue(value, out int index))
            {
                index = _values.Count;
                _values.Add(value);
                _index.Add(value, index);
            }

            return index;
        }

        public object[] ToArray() => [.. _values];
    }

    /// <summary>Writes the IL of one method evaluating a range of rules in order, OR-ing their hit bits into the words.</summary>
    private sealed class Emitter
    {
        private static readonly MethodInfo s_as = typeof(Unsafe).GetMethods()
            .Single(m => m.Name == nameof(Unsafe.As) && m.GetGenericArguments().Length == 1 && m.GetParameters().Length == 1);

        private static readonly MethodInfo s_feature = Method(typeof(EvalContext), nameof(EvalContext.Feature), typeof(bool), typeof(int), typeof(int));
        private static readonly MethodInfo s_anyItemFeature = Method(typeof(EvalContext), nameof(EvalContext.AnyItemFeature), typeof(int), typeof(int));
        private static readonly MethodInfo s_getCreatedAt = typeof(EvalContext).GetProperty(nameof(EvalContext.CreatedAt))!.GetMethod!;
        private static readonly MethodInfo s_getManifest = typeof(EvalContext).GetProperty(nameof(EvalContext.Manifest))!.GetMethod!;
        private static readonly MethodInfo s_getItem = typeof(EvalContext).GetProperty(nameof(EvalContext.Item))!.GetMethod!;
        private static readonly MethodInfo s_setItem = typeof(EvalContext).GetProperty(nameof(EvalContext.Item))!.SetMethod!;
        private static readonly MethodInfo s_itemCount = typeof(ManifestView).GetProperty(nameof(ManifestView.ItemCount))!.GetMethod!;
        private static readonly MethodInfo s_valueGet = Method(typeof(ValueSource), nameof(ValueSource.GetInline), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_itemValueSumRatio = Method(typeof(ValueSource), nameof(ValueSource.GetItemValueSumRatio), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_netWeightSumRatio = Method(typeof(ValueSource), nameof(ValueSource.GetNetWeightSumRatio), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_valuePerUnit = Method(typeof(ValueSource), nameof(ValueSource.GetValuePerUnit), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_valuePerKg = Method(typeof(ValueSource), nameof(ValueSource.GetValuePerKg), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_history = Method(typeof(ValueSource), nameof(ValueSource.GetHistory), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_operandGet = Method(typeof(Operand), nameof(Operand.Get), typeof(EvalContext).MakeByRefType());
        private static readonly MethodInfo s_conditionEvaluate = Method(typeof(Condition), nameof(Condition.Evaluate), typeof(EvalContext).MakeByRefType());

        private readonly RuleProgram _program;
        private readonly ConstantPool _constants;
        private readonly int _firstRule;
        private readonly int _endRule;
        private readonly DynamicMethod _method;
        private readonly ILGenerator _il;
        private readonly Dictionary<int, Label> _labels = [];
        private Label _hit;
        private Label _end;

        public Emitter(RuleProgram program, ConstantPool constants, int firstRule, int endRule)
        {
            _program = program;
            _constants = constants;
            _firstRule = firstRule;
            _endRule = endRule;
            _method = NewMethod();
            _il = _method.GetILGenerator();
        }

        public DynamicMethod Emit()
        {
            LocalBuilder at = _il.DeclareLocal(typeof(long));
            LocalBuilder left = _il.DeclareLocal(typeof(double));
            LocalBuilder item = _il.DeclareLocal(typeof(int));
            var hitWords = new Dictionary<int, LocalBuilder>();
            for (int r = _firstRule; r < _endRule; r++)
            {
                if (!hitWords.ContainsKey(r >> 6))
                {
                    LocalBuilder word = _il.DeclareLocal(typeof(ulong));
                    hitWords.Add(r >> 6, word);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Conv_U8);
                    _il.Emit(OpCodes.Stloc, word);
                }

                for (int pc = _program._entries[r]; pc < RuleEnd(r); pc++)
                {
                    _labels.Add(pc, _il.DefineLabel());
                }
            }

            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Call, s_getCreatedAt);
            _il.Emit(OpCodes.Stloc, at);
            for (int r = _firstRule; r < _endRule; r++)
            {
                _hit = _il.DefineLabel();
                _end = _il.DefineLabel();
                EmitDates(at, _program._validFrom[r], _program._validUntil[r]);
                int last = RuleEnd(r);
                bool loops = false;
                for (int pc = _program._entries[r]; pc < last; pc++)
                {
                    _il.MarkLabel(_labels[pc]);
                    loops |= EmitInstruction(pc, last, left, item);
                }

                // Holds: set the rule's bit; both ways end with no line in scope, as the interpreter leaves it.
                _il.MarkLabel(_hit);
                _il.Emit(OpCodes.Ldloc, hitWords[r >> 6]);
                _il.Emit(OpCodes.Ldc_I8, (long)(1UL << r));
                _il.Emit(OpCodes.Or);
                _il.Emit(OpCodes.Stloc, hitWords[r >> 6]);
                _il.MarkLabel(_end);
                if (loops)
                {
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Ldc_I4_M1);
                    _il.Emit(OpCodes.Call, s_setItem);
                }
            }

            // hits[w] |= word, for each word of the range (the caller cleared them).
            foreach ((int w, LocalBuilder word) in hitWords)
            {
                _il.Emit(OpCodes.Ldarg_2);
                if (w > 0)
                {
                    _il.Emit(OpCodes.Ldc_I4, w * sizeof(ulong));
                    _il.Emit(OpCodes.Add);
                }

                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Ldind_I8);
                _il.Emit(OpCodes.Ldloc, word);
                _il.Emit(OpCodes.Or);
                _il.Emit(OpCodes.Stind_I8);
            }

            _il.Emit(OpCodes.Ret);
            return _method;
        }

        /// <summary>Gets the index after rule <paramref name="r"/>'s last instruction.</summary>
        private int RuleEnd(int r) => r + 1 < _program._entries.Length ? _program._entries[r + 1] : _program._code.Length;

        private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
            type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found");

        /// <summary>Skips the rule unless createdAt is in [from, until), as the interpreter does; nothing when the rule is always in effect.</summary>
        private void EmitDates(LocalBuilder at, long from, long until)
        {
            if (from != long.MinValue)
            {
                _il.Emit(OpCodes.Ldloc, at);
                _il.Emit(OpCodes.Ldc_I8, from);
                _il.Emit(OpCodes.Blt, _end);
            }

            if (until != long.MaxValue)
            {
                _il.Emit(OpCodes.Ldloc, at);
                _il.Emit(OpCodes.Ldc_I8, until);
                _il.Emit(OpCodes.Bge, _end);
            }
        }

        /// <summary>Emits one instruction: its test, then the branches. Returns true for a loop instruction.</summary>
        private bool EmitInstruction(int pc, int last, LocalBuilder left, LocalBuilder item)
        {
            ref readonly Instruction ins = ref _program._code[pc];
            Label onTrue = Target(ins.OnTrue);
            Label onFalse = Target(ins.OnFalse);

            // The label that follows this instruction in the IL: a branch to it is a fall-through.
            int next = pc + 1 < last ? pc + 1 : Holds;
            switch (ins.Op)
            {
                case OpCode.Feature:
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(ins.Slot.IsItem ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
                    EmitFeatureTest(s_feature, ins);
                    break;
                case OpCode.AnyItemFeature:
                    _il.Emit(OpCodes.Ldarg_1);
                    EmitFeatureTest(s_anyItemFeature, ins);
                    break;
                case OpCode.Numeric:
                    EmitNumeric(Unsafe.As<NumericCondition>(ins.Condition!), left, onFalse);
                    _il.Emit(OpCodes.Ldc_I4_1);
                    break;
                case OpCode.ItemsBegin:
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Call, s_setItem);
                    EmitItemCount();
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Cgt);
                    break;
                case OpCode.ItemsNext:
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Call, s_getItem);
                    _il.Emit(OpCodes.Ldc_I4_1);
                    _il.Emit(OpCodes.Add);
                    _il.Emit(OpCodes.Stloc, item);
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Ldloc, item);
                    _il.Emit(OpCodes.Call, s_setItem);
                    _il.Emit(OpCodes.Ldloc, item);
                    EmitItemCount();
                    _il.Emit(OpCodes.Clt);
                    break;
                case OpCode.Condition:
                    // A condition type the program has no case for: called virtually, as the interpreter does.
                    EmitConstant(ins.Condition!, typeof(Condition));
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Callvirt, s_conditionEvaluate);
                    break;
                default:
                    // A leaf of a sealed condition type (see Builder.LeafOp): a direct call the JIT can inline.
                    Type type = ins.Condition!.GetType();
                    EmitConstant(ins.Condition, type);
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Call, Method(type, nameof(Condition.Evaluate), typeof(EvalContext).MakeByRefType()));
                    break;
            }

            // The test's value (0 or not) is on the stack.
            if (ins.OnFalse == next)
            {
                _il.Emit(OpCodes.Brtrue, onTrue);
            }
            else if (ins.OnTrue == next)
            {
                _il.Emit(OpCodes.Brfalse, onFalse);
            }
            else
            {
                _il.Emit(OpCodes.Brtrue, onTrue);
                _il.Emit(OpCodes.Br, onFalse);
            }

            return ins.Op == OpCode.ItemsBegin;
        }

        /// <summary>Completes the call of a feature getter (context and slot kind pushed) and leaves the word AND the mask on the stack (non-zero: the test holds).</summary>
        private void EmitFeatureTest(MethodInfo getter, in Instruction ins)
        {
            _il.Emit(OpCodes.Ldc_I4, ins.Slot.Index);
            _il.Emit(OpCodes.Ldc_I4, ins.Word);
            _il.Emit(OpCodes.Call, getter);
            _il.Emit(OpCodes.Ldc_I8, (long)ins.Mask);
            _il.Emit(OpCodes.And);
        }

        private void EmitItemCount()
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Call, s_getManifest);
            _il.Emit(OpCodes.Callvirt, s_itemCount);
        }

        /// <summary>
        /// The value once, then each comparison in order, going to <paramref name="onFalse"/> at the first that fails; the
        /// comparisons are the IL of C#'s operators on doubles, so NaN on either side fails each of them as in the condition.
        /// </summary>
        private void EmitNumeric(NumericCondition numeric, LocalBuilder left, Label onFalse)
        {
            // The kinds with a method of their own call it directly, without the switch of ValueSource.Get.
            MethodInfo getter = numeric.Value.Kind switch
            {
                ValueKind.ItemValueSumRatio => s_itemValueSumRatio,
                ValueKind.NetWeightSumRatio => s_netWeightSumRatio,
                ValueKind.ValuePerUnit => s_valuePerUnit,
                ValueKind.ValuePerKg => s_valuePerKg,
                >= ValueKind.SellerRisk => s_history,
                _ => s_valueGet,
            };
            if (!getter.IsStatic)
            {
                EmitConstant(numeric.Value, typeof(ValueSource));
            }

            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Call, getter);
            _il.Emit(OpCodes.Stloc, left);
            foreach ((Comparison op, Operand operand) in numeric.Checks)
            {
                _il.Emit(OpCodes.Ldloc, left);
                if (operand.IsConstant)
                {
                    _il.Emit(OpCodes.Ldc_R8, operand.ConstantValue);
                }
                else
                {
                    EmitConstant(operand, typeof(Operand));
                    _il.Emit(OpCodes.Ldarg_1);
                    _il.Emit(OpCodes.Call, s_operandGet);
                }

                switch (op)
                {
                    case Comparison.Greater:
                        // left > right is false for NaN: ble.un goes when not greater or unordered.
                        _il.Emit(OpCodes.Ble_Un, onFalse);
                        break;
                    case Comparison.GreaterOrEqual:
                        _il.Emit(OpCodes.Blt_Un, onFalse);
                        break;
                    case Comparison.Less:
                        _il.Emit(OpCodes.Bge_Un, onFalse);
                        break;
                    default:
                        _il.Emit(OpCodes.Bgt_Un, onFalse);
                        break;
                }
            }
        }

        /// <summary>Pushes an object of the compiled plan, typed as <paramref name="type"/> (no cast check: it has that type).</summary>
        private void EmitConstant(object value, Type type)
        {
            int index = _constants.IndexOf(value);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldc_I4, index);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Call, s_as.MakeGenericMethod(type));
        }

        private Label Target(int target) => target switch
        {
            Holds => _hit,
            Fails => _end,
            _ => _labels[target],
        };
    }
}
