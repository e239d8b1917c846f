using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Learning;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <content>The learned risk model's features, computed with the pack's currencies.</content>
public sealed partial class RulePack
{
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
}
