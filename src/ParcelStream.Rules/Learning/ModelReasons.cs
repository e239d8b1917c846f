using System.Globalization;
using System.Text;
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
        // Each piece is formatted by the value's own TryFormat: the interpolated-string handler's generic holes box in
        // unoptimized (tier-0) code, and a reason must not allocate however warm the process is.
        float v = features[feature];
        double baseRate = norms.BaseRate;
        int hs6 = (int)features[(int)RiskFeature.HsSubheading];
        var d = new DetailWriter(destination);
        switch ((RiskFeature)Math.Min(feature, (int)RiskFeature.WordBucket0))
        {
            case RiskFeature.ValuePerKgRatio or RiskFeature.ValuePerUnitRatio or RiskFeature.WeightPerUnitRatio:
                d.Text(feature == (int)RiskFeature.ValuePerKgRatio ? "value per kg "u8 : feature == (int)RiskFeature.ValuePerUnitRatio ? "value per unit "u8 : "weight per unit "u8);
                d.Number(v, "0.##");
                d.Text("x the median of its HS sub-heading"u8);
                break;
            case RiskFeature.GrossOverNet:
                d.Text("gross weight "u8); d.Number(v, "0.##"); d.Text("x the goods' net weight"u8);
                break;
            case RiskFeature.ValuePerKg:
                d.Text("value per kg "u8); d.Number(v, "0.##"); d.Text(" (base currency)"u8);
                break;
            case RiskFeature.TotalValue:
                d.Text("declared value "u8); d.Number(v, "0.00"); d.Text(" (base currency)"u8);
                break;
            case RiskFeature.GrossWeightKg:
                d.Text("gross weight "u8); d.Number(v, "0.###"); d.Text(" kg"u8);
                break;
            case RiskFeature.LineCount:
                d.Number(v, "0"); d.Text(" goods lines"u8);
                break;
            case RiskFeature.TotalQuantity or RiskFeature.MaxLineQuantity:
                d.Number(features[(int)RiskFeature.MaxLineQuantity], "0"); d.Text(" units on one line, "u8);
                d.Number(features[(int)RiskFeature.TotalQuantity], "0"); d.Text(" in all"u8);
                break;
            case RiskFeature.HsChapter or RiskFeature.HsHeading or RiskFeature.HsSubheading:
                d.Text("HS "u8); d.Number(hs6, "D6"); d.Text(" of the main goods line"u8);
                break;
            case RiskFeature.HsFoundRate:
                d.Text("HS "u8); d.Number(hs6, "D6"); d.Text(" found in "u8); d.Number(v, "P1"); d.Text(" of inspections (all goods "u8); d.Number(baseRate, "P1"); d.Text(")"u8);
                break;
            case RiskFeature.RouteFoundRate:
                d.Text("route "u8); d.Text(manifest.DepartureCountry); d.Text("-"u8); d.Text(manifest.DestinationCountry);
                d.Text(" found in "u8); d.Number(v, "P1"); d.Text(" of inspections (all routes "u8); d.Number(baseRate, "P1"); d.Text(")"u8);
                break;
            case RiskFeature.OperatorFoundRate:
                d.Text("operator "u8); d.Text(manifest.GetString(ManifestField.OperatorCode)); d.Text(" found in "u8); d.Number(v, "P1");
                d.Text(" of inspections (all operators "u8); d.Number(baseRate, "P1"); d.Text(")"u8);
                break;
            case RiskFeature.DescriptionFit:
                d.Text("description words seldom declared under HS chapter "u8); d.Number(hs6 / 10000, "D2"); d.Text(" ("u8); d.Number(v, "P0"); d.Text(" fit)"u8);
                break;
            case RiskFeature.WordFoundRate:
                d.Text("a description word found in "u8); d.Number(v, "P1"); d.Text(" of inspections (all goods "u8); d.Number(baseRate, "P1"); d.Text(")"u8);
                break;
            case RiskFeature.SellerRisk or RiskFeature.SellerInspected:
                d.Text("seller found in "u8); d.Number(history.SellerFound, "0"); d.Text(" of "u8); d.Number(history.SellerInspected, "0"); d.Text(" inspections"u8);
                break;
            case RiskFeature.SellerBaselineRisk or RiskFeature.SellerBaselineInspected:
                d.Text("seller found in "u8); d.Number(history.SellerBaselineFound, "0"); d.Text(" of "u8); d.Number(history.SellerBaselineInspected, "0"); d.Text(" random or exploratory inspections"u8);
                break;
            case RiskFeature.ConsignorRisk or RiskFeature.ConsignorInspected:
                d.Text("consignor found in "u8); d.Number(history.ConsignorFound, "0"); d.Text(" of "u8); d.Number(history.ConsignorInspected, "0"); d.Text(" inspections"u8);
                break;
            case RiskFeature.DepartureCountry:
                d.Text("departure country "u8); d.Text(manifest.DepartureCountry);
                break;
            case RiskFeature.DestinationCountry:
                d.Text("destination country "u8); d.Text(manifest.DestinationCountry);
                break;
            case RiskFeature.OriginCountry:
                d.Text("origin country of the main goods line"u8);
                break;
            case RiskFeature.Category:
                d.Text("declared as "u8); d.Text(CategoryName(manifest.Category));
                break;
            case RiskFeature.HasMarketplace:
                d.Text(v > 0 ? "sold through a marketplace"u8 : "no marketplace named"u8);
                break;
            case RiskFeature.HasIoss:
                d.Text(v > 0 ? "IOSS number given"u8 : "no IOSS number"u8);
                break;
            case RiskFeature.OperatorType or RiskFeature.TransportMode:
                d.Text("operator type and transport mode"u8);
                break;
            default:
                d.Text("the description's wording ("u8); d.Number(features[(int)RiskFeature.WordCount], "0"); d.Text(" words)"u8);
                break;
        }

        return d.Written;
    }

    private static ReadOnlySpan<byte> CategoryName(Category category) => category switch
    {
        Category.SaleOfGoods => "sale of goods"u8,
        Category.Gift => "gift"u8,
        Category.Documents => "documents"u8,
        Category.CommercialSample => "commercial sample"u8,
        Category.ReturnedGoods => "returned goods"u8,
        _ => "other"u8,
    };

    /// <summary>Appends text and numbers to a detail, dropping what does not fit (a detail is cut, never an error).</summary>
    private ref struct DetailWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Written { get; private set; }

        public void Text(ReadOnlySpan<byte> text)
        {
            int n = Math.Min(text.Length, _destination.Length - Written);
            text[..n].CopyTo(_destination[Written..]);
            Written += n;
        }

        public void Number(double value, ReadOnlySpan<char> format)
        {
            if (value.TryFormat(_destination[Written..], out int n, format, s_invariant))
            {
                Written += n;
            }
        }

        public void Number(long value, ReadOnlySpan<char> format)
        {
            if (value.TryFormat(_destination[Written..], out int n, format, s_invariant))
            {
                Written += n;
            }
        }
    }
}
