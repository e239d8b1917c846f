using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// A trained risk model: the trees, the norms its features are computed against, and the Platt calibration that turns
/// a margin into a probability of FOUND. Immutable and shared by every thread; loaded from <see cref="RiskModelFile"/>
/// beside the rule pack or from the model topic, and named in every decision it takes part in by <see cref="Version"/>.
/// </summary>
public sealed class RiskModel
{
    /// <summary>Initializes a model.</summary>
    /// <param name="version">The version every decision names.</param>
    /// <param name="trainedAt">When it was trained.</param>
    /// <param name="norms">The features' reference tables.</param>
    /// <param name="trees">The trees.</param>
    /// <param name="plattSlope">Calibration slope A of p = 1 / (1 + exp(A margin + B)) (ML.NET's convention; negative).</param>
    /// <param name="plattOffset">Calibration offset B.</param>
    /// <param name="metrics">What the trainer measured on held-back days (names to values), for reports.</param>
    /// <exception cref="ArgumentException">The trees read a feature the engine does not compute, or the version is empty.</exception>
    public RiskModel(string version, DateTimeOffset trainedAt, FeatureNorms norms, TreeEnsemble trees, double plattSlope, double plattOffset, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentNullException.ThrowIfNull(trees);
        if (trees.FeatureCount > RiskFeatures.Count)
        {
            throw new ArgumentException($"The trees read {trees.FeatureCount} features; the engine computes {RiskFeatures.Count}.", nameof(trees));
        }

        if (!double.IsFinite(plattSlope) || !double.IsFinite(plattOffset))
        {
            throw new ArgumentException("The calibration must be finite.", nameof(plattSlope));
        }

        Version = version;
        VersionUtf8 = System.Text.Encoding.UTF8.GetBytes(version);
        TrainedAt = trainedAt;
        Norms = norms;
        Trees = trees;
        PlattSlope = plattSlope;
        PlattOffset = plattOffset;
        Metrics = metrics ?? new Dictionary<string, double>();
    }

    /// <summary>Gets the version (e.g. <c>2026-12-08T0100Z.41</c>).</summary>
    public string Version { get; }

    /// <summary>Gets the version as UTF-8, for decisions.</summary>
    public ReadOnlyMemory<byte> VersionUtf8 { get; }

    /// <summary>Gets when the model was trained.</summary>
    public DateTimeOffset TrainedAt { get; }

    /// <summary>Gets the features' reference tables.</summary>
    public FeatureNorms Norms { get; }

    /// <summary>Gets the trees.</summary>
    public TreeEnsemble Trees { get; }

    /// <summary>Gets the calibration slope.</summary>
    public double PlattSlope { get; }

    /// <summary>Gets the calibration offset.</summary>
    public double PlattOffset { get; }

    /// <summary>Gets what the trainer measured (e.g. <c>auc</c>, <c>lift@1%</c> on held-back days).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Gets the calibrated log-odds of FOUND for a feature vector.</summary>
    /// <param name="features">The vector from <see cref="RiskFeatures.Compute"/>.</param>
    /// <returns>log(p / (1 - p)).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogOdds(ReadOnlySpan<float> features) => LogOddsOfMargin(Trees.Margin(features));

    /// <summary>Gets the calibrated log-odds of a margin.</summary>
    /// <param name="margin">The trees' sum.</param>
    /// <returns>-(A margin + B).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LogOddsOfMargin(double margin) => -((PlattSlope * margin) + PlattOffset);

    /// <summary>Gets the calibrated probability of FOUND for a feature vector.</summary>
    /// <param name="features">The vector.</param>
    /// <returns>A probability in 0..1.</returns>
    public double Probability(ReadOnlySpan<float> features) => 1.0 / (1.0 + Math.Exp(-LogOdds(features)));
}
