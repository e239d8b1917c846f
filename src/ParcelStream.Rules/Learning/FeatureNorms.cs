using System.Collections.Frozen;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// The reference tables a model's features are computed against, learned from the history at training and shipped in
/// the model file: HS6 medians, smoothed FOUND rates of routes, operators, sub-headings and description words. Keys
/// are numbers (see <see cref="RiskFeatures"/>), so lookups on the hot path allocate nothing.
/// </summary>
public sealed class FeatureNorms
{
    /// <summary>Initializes the tables.</summary>
    /// <param name="baseRate">The history's (weighted) FOUND rate, towards which every rate is smoothed.</param>
    /// <param name="hs">Norms by HS6 number.</param>
    /// <param name="routes">FOUND rate by route key (<see cref="RiskFeatures.RouteKey"/>).</param>
    /// <param name="operators">FOUND rate by operator code hash.</param>
    /// <param name="words">Word norms by word hash.</param>
    public FeatureNorms(double baseRate, IDictionary<int, HsNorm> hs, IDictionary<int, float> routes, IDictionary<ulong, float> operators, IDictionary<ulong, WordNorm> words)
    {
        BaseRate = baseRate;
        Hs = hs.ToFrozenDictionary();
        Routes = routes.ToFrozenDictionary();
        Operators = operators.ToFrozenDictionary();
        Words = words.ToFrozenDictionary();
    }

    /// <summary>Gets tables with nothing in them (every history-based feature missing).</summary>
    public static FeatureNorms Empty { get; } = new(0, new Dictionary<int, HsNorm>(), new Dictionary<int, float>(), new Dictionary<ulong, float>(), new Dictionary<ulong, WordNorm>());

    /// <summary>Gets the history's weighted FOUND rate.</summary>
    public double BaseRate { get; }

    /// <summary>Gets the norms by HS6 number (e.g. 851762).</summary>
    public FrozenDictionary<int, HsNorm> Hs { get; }

    /// <summary>Gets the FOUND rate by route key.</summary>
    public FrozenDictionary<int, float> Routes { get; }

    /// <summary>Gets the FOUND rate by operator code hash.</summary>
    public FrozenDictionary<ulong, float> Operators { get; }

    /// <summary>Gets the word norms by word hash.</summary>
    public FrozenDictionary<ulong, WordNorm> Words { get; }
}
