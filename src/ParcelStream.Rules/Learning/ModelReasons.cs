using System.Globalization;
using System.Text;
using System.Text.Unicode;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// Turns the features that pushed a parcel's model score up into reasons an officer can read, e.g.
/// <c>model.ValuePerKgRatio: value per kg 0.2x the HS 851762 median</c>. Writes into a caller's buffer; allocates nothing.
/// </summary>
internal static class ModelReasons
{
    /// <summary>Most reasons a model-driven selection carries (its strongest features).</summary>
    public const int MaxReasons = 3;

    /// <summary>Upper bound of one detail's length in bytes.</summary>
    public const int MaxDetailBytes = 160;

    private static readonly byte[][] s_ruleIds = [.. RiskFeatures.Names.Select(n => Encoding.UTF8.GetBytes("model." + n))];

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>Gets the code every model reason has.</summary>
    public static ReadOnlySpan<byte> Code => "MODEL_RISK"u8;

    /// <summary>Gets the reason's rule id of a feature (<c>model.</c> and the feature's name).</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>UTF-8 id.</returns>
    public static ReadOnlySpan<byte> RuleId(int feature) => s_ruleIds[feature];

    /// <summary>Adds the reasons of the features with the largest positive contributions, strongest first.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="contributions">Each feature's contribution to the margin (any sign).</param>
    /// <param name="features">The feature vector.</param>
    /// <param name="manifest">The manifest, for codes the details name.</param>
    /// <param name="norms">The model's norms.</param>
    /// <param name="history">The history the features were computed with.</param>
    /// <returns>How many reasons were added.</returns>
    public static int Add(CustomsDecision decision, ReadOnlySpan<double> contributions, ReadOnlySpan<float> features, ManifestView manifest, FeatureNorms norms, in RiskHistory history)
    {
        Span<int> chosen = stackalloc int[MaxReasons];
        Span<byte> detail = stackalloc byte[MaxDetailBytes];
        int count = 0;
        for (; count < MaxReasons; count++)
        {
            int best = -1;
            for (int f = 0; f < contributions.Length; f++)
            {
                if (contributions[f] > 0 && (best < 0 || contributions[f] > contributions[best]) && !chosen[..count].Contains(f))
                {
                    best = f;
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen[count] = best;
            int written = Describe(best, features, manifest, norms, history, detail);
            decision.AddReason(RuleId(best), Code, detail[..written]);
        }

        return count;
    }

    /// <summary>Writes what one feature says about the parcel.</summary>
    /// <param name="feature">The feature index.</param>
    /// <param name="features">The vector.</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="norms">The norms.</param>
    /// <param name="history">The history.</param>
    /// <param name="destination">At least <see cref="MaxDetailBytes"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    public static int Describe(int feature, ReadOnlySpan<float> features, ManifestView manifest, FeatureNorms norms, in RiskHistory history, Span<byte> destination)
    {
        float v = features[feature];
        double baseRate = norms.BaseRate;
        int hs6 = (int)features[(int)RiskFeature.HsSubheading];
        int written;
        bool ok = (RiskFeature)Math.Min(feature, (int)RiskFeature.WordBucket0) switch
        {
            RiskFeature.ValuePerKgRatio => Utf8.TryWrite(destination, s_invariant, $"value per kg {v:0.##}x the median of its HS sub-heading", out written),
            RiskFeature.ValuePerUnitRatio => Utf8.TryWrite(destination, s_invariant, $"value per unit {v:0.##}x the median of its HS sub-heading", out written),
            RiskFeature.WeightPerUnitRatio => Utf8.TryWrite(destination, s_invariant, $"weight per unit {v:0.##}x the median of its HS sub-heading", out written),
            RiskFeature.GrossOverNet => Utf8.TryWrite(destination, s_invariant, $"gross weight {v:0.##}x the goods' net weight", out written),
            RiskFeature.ValuePerKg => Utf8.TryWrite(destination, s_invariant, $"value per kg {v:0.##} (base currency)", out written),
            RiskFeature.TotalValue => Utf8.TryWrite(destination, s_invariant, $"declared value {v:0.00} (base currency)", out written),
            RiskFeature.GrossWeightKg => Utf8.TryWrite(destination, s_invariant, $"gross weight {v:0.###} kg", out written),
            RiskFeature.LineCount => Utf8.TryWrite(destination, s_invariant, $"{v:0} goods lines", out written),
            RiskFeature.TotalQuantity or RiskFeature.MaxLineQuantity => Utf8.TryWrite(destination, s_invariant, $"{features[(int)RiskFeature.MaxLineQuantity]:0} units on one line, {features[(int)RiskFeature.TotalQuantity]:0} in all", out written),
            RiskFeature.HsChapter or RiskFeature.HsHeading or RiskFeature.HsSubheading => Utf8.TryWrite(destination, s_invariant, $"HS {hs6:D6} of the main goods line", out written),
            RiskFeature.HsFoundRate => Utf8.TryWrite(destination, s_invariant, $"HS {hs6:D6} found in {v:P1} of inspections (all goods {baseRate:P1})", out written),
            RiskFeature.RouteFoundRate => Utf8.TryWrite(destination, s_invariant, $"route {Letter(manifest.DepartureCountry, 0)}{Letter(manifest.DepartureCountry, 1)}-{Letter(manifest.DestinationCountry, 0)}{Letter(manifest.DestinationCountry, 1)} found in {v:P1} of inspections (all routes {baseRate:P1})", out written),
            RiskFeature.OperatorFoundRate => Utf8.TryWrite(destination, s_invariant, $"operator found in {v:P1} of inspections (all operators {baseRate:P1})", out written),
            RiskFeature.DescriptionFit => Utf8.TryWrite(destination, s_invariant, $"description words seldom declared under HS chapter {hs6 / 10000:D2} ({v:P0} fit)", out written),
            RiskFeature.WordFoundRate => Utf8.TryWrite(destination, s_invariant, $"a description word found in {v:P1} of inspections (all goods {baseRate:P1})", out written),
            RiskFeature.SellerRisk or RiskFeature.SellerInspected => Utf8.TryWrite(destination, s_invariant, $"seller found in {history.SellerFound} of {history.SellerInspected} inspections", out written),
            RiskFeature.ConsignorRisk or RiskFeature.ConsignorInspected => Utf8.TryWrite(destination, s_invariant, $"consignor found in {history.ConsignorFound} of {history.ConsignorInspected} inspections", out written),
            RiskFeature.DepartureCountry => Utf8.TryWrite(destination, s_invariant, $"departure country {Letter(manifest.DepartureCountry, 0)}{Letter(manifest.DepartureCountry, 1)}", out written),
            RiskFeature.DestinationCountry => Utf8.TryWrite(destination, s_invariant, $"destination country {Letter(manifest.DestinationCountry, 0)}{Letter(manifest.DestinationCountry, 1)}", out written),
            RiskFeature.OriginCountry => Utf8.TryWrite(destination, s_invariant, $"origin country of the main goods line", out written),
            RiskFeature.Category => Utf8.TryWrite(destination, s_invariant, $"declared category {(int)manifest.Category} ({CategoryName(manifest.Category)})", out written),
            RiskFeature.HasMarketplace => Utf8.TryWrite(destination, s_invariant, $"{(v > 0 ? "sold through a marketplace" : "no marketplace named")}", out written),
            RiskFeature.HasIoss => Utf8.TryWrite(destination, s_invariant, $"{(v > 0 ? "IOSS number given" : "no IOSS number")}", out written),
            RiskFeature.OperatorType or RiskFeature.TransportMode => Utf8.TryWrite(destination, s_invariant, $"operator type and transport mode", out written),
            _ => Utf8.TryWrite(destination, s_invariant, $"the description's wording ({features[(int)RiskFeature.WordCount]:0} words)", out written),
        };
        if (ok)
        {
            return written;
        }

        // Every template fits MaxDetailBytes; should one not, the reason still names the feature by its rule id.
        ReadOnlySpan<byte> fallback = "model feature"u8;
        fallback.CopyTo(destination);
        return fallback.Length;
    }

    private static char Letter(ReadOnlySpan<byte> code, int index) => index < code.Length && code[index] < 0x80 ? (char)code[index] : '?';

    private static string CategoryName(Category category) => category switch
    {
        Category.SaleOfGoods => "sale of goods",
        Category.Gift => "gift",
        Category.Documents => "documents",
        Category.CommercialSample => "commercial sample",
        Category.ReturnedGoods => "returned goods",
        _ => "other",
    };
}
