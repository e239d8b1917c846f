using ParcelStream.Codec.Decisions;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Learning;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <content>The learned risk model: its features, computed with the pack's currencies, and swapping it in.</content>
public sealed partial class RulePack
{
    /// <summary>Initializes a copy of <paramref name="pack"/> that scores with <paramref name="model"/> (the rules' compiled plan and hit counters are shared).</summary>
    private RulePack(RulePack pack, RiskModel? model)
    {
        _rules = pack._rules;
        _codeOf = pack._codeOf;
        _codeCount = pack._codeCount;
        _program = pack._program;
        _manifestSlots = pack._manifestSlots;
        _itemSlots = pack._itemSlots;
        _currencyScale = pack._currencyScale;
        _currencyRate = pack._currencyRate;
        _baseLogOdds = pack._baseLogOdds;
        _baseScore = pack._baseScore;
        _versionUtf8 = pack._versionUtf8;
        _hits = pack._hits;
        _thresholds = pack._thresholds;
        _fiscal = pack._fiscal;
        _model = model;
        _modelMode = pack._modelMode;
        Directory = pack.Directory;
        Version = pack.Version;
        Name = pack.Name;
        RuleIds = pack.RuleIds;
        ListCount = pack.ListCount;
        WatchListEntryCount = pack.WatchListEntryCount;
        LoadedAt = pack.LoadedAt;
    }

    /// <summary>Gets the learned risk model the pack scores with (null: none).</summary>
    public RiskModel? Model => _model;

    /// <summary>Gets what the pack does with its model: ranks with it, only records its score, or ignores it.</summary>
    public ModelMode ModelMode => _modelMode;

    /// <summary>Gets a pack that is this one with another model (from the model topic); this one is unchanged.</summary>
    /// <param name="model">The model, or null for none.</param>
    /// <returns>The new pack, or this one when its mode is off.</returns>
    public RulePack WithModel(RiskModel? model) => _modelMode == ModelMode.Off || ReferenceEquals(model, _model) ? this : new RulePack(this, model);
    /// <summary>Gets what a minor-unit amount in <paramref name="currency"/> is multiplied by to give the pack's base currency.</summary>
    /// <param name="currency">ISO 4217 code.</param>
    /// <returns>The factor, NaN when the pack has no rate for the currency.</returns>
    public double MinorToBase(ReadOnlySpan<byte> currency)
    {
        int index = CurrencyTable.IndexOf(currency);
        return index < 0 ? double.NaN : 1.0 / (_currencyScale[index] * _currencyRate[index]);
    }

    /// <summary>Computes the learned model's features of a manifest (the same code the engine scores with).</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="history">The inspection history it is decided with.</param>
    /// <param name="norms">The model's norms (<see cref="FeatureNorms.Empty"/> while training the norms).</param>
    /// <param name="features">At least <see cref="RiskFeatures.Count"/> values.</param>
    public void ComputeModelFeatures(ManifestView manifest, in RiskHistory history, FeatureNorms norms, Span<float> features) =>
        RiskFeatures.Compute(manifest, history, norms, MinorToBase(manifest.Currency), features);

    /// <summary>Computes the model's features and log-odds, and records its probability, version and features in the decision.</summary>
    private double ScoreWithModel(ref EvalContext ctx, CustomsDecision decision, scoped Span<float> features)
    {
        RiskModel model = _model!;
        RiskFeatures.Compute(ctx.Manifest, ctx.History, model.Norms, 1.0 / (ctx.CurrencyScale * ctx.CurrencyRate), features);
        double logOdds = model.LogOdds(features);
        decision.ModelScore = Score(logOdds);
        decision.SetModelVersion(model.VersionUtf8.Span);
        decision.SetModelFeatures(features);
        return logOdds;
    }

    /// <summary>Adds the reasons of a selection the model drove: the features that pushed its score up most.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a few percent of parcels
    private void AddModelReasons(ref EvalContext ctx, CustomsDecision decision, scoped ReadOnlySpan<float> features)
    {
        RiskModel model = _model!;
        Span<double> contributions = stackalloc double[RiskFeatures.Count];
        contributions.Clear();
        model.Trees.Contributions(features, contributions);
        ModelReasons.Add(decision, contributions[..model.Trees.FeatureCount], features, ctx.Manifest, model.Norms, ctx.History);
    }
}
