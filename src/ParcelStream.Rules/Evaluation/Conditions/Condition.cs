namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>A compiled condition: a node of the evaluation plan, immutable and shared by every thread.</summary>
internal abstract class Condition
{
    /// <summary>Evaluates the condition.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>True when it holds.</returns>
    public abstract bool Evaluate(ref EvalContext ctx);
}
