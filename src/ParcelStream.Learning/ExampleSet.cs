using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>
/// Labelled examples in creation order, each a feature vector computed against one set of norms, with its label, its
/// weight and the UTC day it was created on.
/// </summary>
internal sealed class ExampleSet
{
    /// <summary>Initializes a set of examples whose features are still to be filled.</summary>
    /// <param name="norms">The norms the features are computed against.</param>
    /// <param name="labels">FOUND (true) or CLEAN per example.</param>
    /// <param name="weights">Weight per example.</param>
    /// <param name="days">UTC day number per example.</param>
    public ExampleSet(FeatureNorms norms, bool[] labels, float[] weights, int[] days)
    {
        Norms = norms;
        Labels = labels;
        Weights = weights;
        Days = days;
        Features = new float[labels.Length * RiskFeatures.Count];
    }

    /// <summary>Gets the norms the features were computed against.</summary>
    public FeatureNorms Norms { get; }

    /// <summary>Gets the number of examples.</summary>
    public int Count => Labels.Length;

    /// <summary>Gets the features, <see cref="RiskFeatures.Count"/> per example, row after row.</summary>
    public float[] Features { get; }

    /// <summary>Gets the labels (true FOUND).</summary>
    public bool[] Labels { get; }

    /// <summary>Gets the weights.</summary>
    public float[] Weights { get; }

    /// <summary>Gets each example's UTC day number (days since 1970-01-01).</summary>
    public int[] Days { get; }

    /// <summary>Gets one example's features.</summary>
    /// <param name="example">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The vector.</returns>
    public Span<float> Row(int example) => Features.AsSpan(example * RiskFeatures.Count, RiskFeatures.Count);
}
