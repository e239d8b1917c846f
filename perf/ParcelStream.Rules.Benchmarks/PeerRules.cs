using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using RulesEngine.Models;

namespace ParcelStream.Rules.Benchmarks;

/// <summary>
/// The default rule pack expressed for Microsoft's RulesEngine 6.0.1 (lambda expressions over a ManifestRecord named
/// m, helpers in <see cref="H"/>), and the same decision logic as the engine: forced outcomes, a reason code counted once, logistic score, thresholds.
/// </summary>
public sealed class PeerRules
{
    private const string WorkflowName = "default-pack";

    // Rule name, reason code, weight, forced outcome, expression.
    private static readonly (string Id, string Code, double Weight, Outcome Forced, string Expression)[] s_rules =
    [
        ("ics2-missing-air-waybill", "MISSING_DATA", 0, Outcome.Hold, "m.TransportMode == TransportMode.Air && H.Missing(m.AirWaybill)"),
        ("ics2-missing-consignor-name", "MISSING_DATA", 0, Outcome.Hold, "H.Missing(m.Consignor.Name)"),
        ("ics2-missing-consignor-address", "MISSING_DATA", 0, Outcome.Hold, "H.Missing(m.Consignor.AddressLine1) || H.Missing(m.Consignor.City) || H.Missing(m.Consignor.CountryCode)"),
        ("ics2-missing-consignee-name", "MISSING_DATA", 0, Outcome.Hold, "H.Missing(m.Consignee.Name)"),
        ("ics2-missing-consignee-address", "MISSING_DATA", 0, Outcome.Hold, "H.Missing(m.Consignee.AddressLine1) || H.Missing(m.Consignee.City) || H.Missing(m.Consignee.CountryCode)"),
        ("ics2-placeholder-party-name", "MISSING_DATA", 0, Outcome.Hold, "H.InList(m.Consignor.Name, \"ics2-rejected-party-names\") || H.InList(m.Consignee.Name, \"ics2-rejected-party-names\")"),
        ("ics2-missing-description", "MISSING_DATA", 0, Outcome.Hold, "m.Items.Count < 1 || m.Items.Any(i => H.Missing(i.Description))"),
        ("ics2-missing-pieces", "MISSING_DATA", 0, Outcome.Hold, "m.Pieces <= 0"),
        ("ics2-missing-gross-weight", "MISSING_DATA", 0, Outcome.Hold, "m.GrossWeightGrams <= 0"),
        ("ics2-vague-description", "VAGUE_DESCRIPTION", 0, Outcome.Hold, "m.Items.Any(i => H.OnlyWords(i.Description, \"ics2-vague-descriptions\"))"),
        ("s10-invalid-tracking-number", "INVALID_TRACKING_NUMBER", 0, Outcome.Hold, "m.OperatorType == OperatorType.Postal && !H.S10(m.TrackingNumber)"),
        ("ics2-invalid-hs-code", "INVALID_HS_CODE", 0, Outcome.Hold, "m.CreatedAtMillis >= 1677628800000 && m.Items.Any(i => !H.Hs(i.HsCode))"),
        ("prohibited-goods-hs", "PROHIBITED_GOODS", 0, Outcome.Inspect, "m.Items.Any(i => H.HsPrefix(i.HsCode, \"prohibited-hs-prefixes\"))"),
        ("prohibited-goods-description", "PROHIBITED_GOODS", 0, Outcome.Inspect, "m.Items.Any(i => H.ContainsWord(i.Description, \"prohibited-keywords\"))"),
        ("restricted-medicines", "RESTRICTED_GOODS", 3.0, Outcome.Hold, "H.InList(m.DestinationCountry, \"medicine-document-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"medicine-hs-prefixes\") || H.ContainsWord(i.Description, \"medicine-keywords\"))"),
        ("restricted-tobacco-nicotine", "RESTRICTED_GOODS", 3.0, Outcome.Hold, "H.InList(m.DestinationCountry, \"tobacco-document-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"tobacco-nicotine-hs-prefixes\") || H.ContainsWord(i.Description, \"tobacco-nicotine-keywords\"))"),
        ("restricted-plants-seeds", "RESTRICTED_GOODS", 3.0, Outcome.Hold, "H.InList(m.DestinationCountry, \"phytosanitary-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"plant-hs-prefixes\") || H.ContainsWord(i.Description, \"plant-keywords\"))"),
        ("restricted-lithium-batteries-air", "RESTRICTED_GOODS", 3.0, Outcome.Hold, "m.TransportMode == TransportMode.Air && m.Items.Any(i => H.HsPrefix(i.HsCode, \"lithium-battery-hs-prefixes\") || H.ContainsWord(i.Description, \"lithium-battery-keywords\"))"),
        ("restricted-goods-unlisted-destination", "RESTRICTED_GOODS", 3.0, Outcome.Release,
            "(!H.InList(m.DestinationCountry, \"medicine-document-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"medicine-hs-prefixes\") || H.ContainsWord(i.Description, \"medicine-keywords\")))"
            + " || (!H.InList(m.DestinationCountry, \"tobacco-document-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"tobacco-nicotine-hs-prefixes\") || H.ContainsWord(i.Description, \"tobacco-nicotine-keywords\")))"
            + " || (!H.InList(m.DestinationCountry, \"phytosanitary-destinations\") && m.Items.Any(i => H.HsPrefix(i.HsCode, \"plant-hs-prefixes\") || H.ContainsWord(i.Description, \"plant-keywords\")))"),
        ("counterfeit-prone-terms", "COUNTERFEIT_PRONE", 4.0, Outcome.Release, "m.Items.Any(i => H.HsPrefix(i.HsCode, \"counterfeit-prone-hs-prefixes\") && H.ContainsWord(i.Description, \"counterfeit-terms\"))"),
        ("counterfeit-luxury-brand-low-value", "COUNTERFEIT_PRONE", 4.0, Outcome.Release, "m.Items.Any(i => H.HsPrefix(i.HsCode, \"counterfeit-prone-hs-prefixes\") && H.ContainsWord(i.Description, \"luxury-brands\") && i.Quantity > 0 && H.Convert(i.ValueMinor, m.Currency, \"EUR\") / i.Quantity < H.Table(\"luxury-brand-min-values\", i.HsCode, \"minPerUnit\"))"),
        ("hs-description-mismatch", "HS_DESCRIPTION_MISMATCH", 3.0, Outcome.Release, "m.Items.Any(i => !H.ContainsWord(i.Description, \"hs-description-accessory-words\") && H.DeviceUnderOtherHeading(i.Description, i.HsCode))"),
        ("undervaluation-per-unit", "UNDERVALUATION", 3.0, Outcome.Release, "m.Items.Any(i => i.Quantity > 0 && H.Convert(i.ValueMinor, m.Currency, \"EUR\") / i.Quantity < H.Ref(i.HsCode, \"minPerUnit\"))"),
        ("undervaluation-per-kg", "UNDERVALUATION", 3.0, Outcome.Release, "m.Items.Any(i => i.NetWeightGrams > 0 && H.Convert(i.ValueMinor, m.Currency, \"EUR\") * 1000.0 / i.NetWeightGrams < H.Ref(i.HsCode, \"minPerKg\"))"),
        ("item-values-do-not-sum-to-total", "VALUE_MISMATCH", 2.5, Outcome.Hold, "!(H.Ratio(m.Items.Sum(i => i.ValueMinor), m.TotalValueMinor) >= 0.99 && H.Ratio(m.Items.Sum(i => i.ValueMinor), m.TotalValueMinor) <= 1.01)"),
        ("net-weight-above-gross", "WEIGHT_MISMATCH", 2.5, Outcome.Hold, "H.Ratio(m.Items.Sum(i => i.NetWeightGrams), m.GrossWeightGrams) > 1.0"),
        // The pack's sumOverflow (sums past 64 bits) has no LINQ counterpart: m.Items.Sum would throw; typical inputs never reach it.
        ("implausible-field", "IMPLAUSIBLE_FIELD", 0, Outcome.Hold,
            "m.TotalValueMinor < 0 || m.GrossWeightGrams < 0 || m.Pieces < 0 || m.Items.Any(i => i.ValueMinor < 0 || i.Quantity < 0 || i.NetWeightGrams < 0)"
            + " || m.CreatedAtMillis < 946684800000 || m.CreatedAtMillis >= 4102444800000"),
        ("gift-with-commercial-signs", "GIFT_COMMERCIAL", 3.0, Outcome.Release, "m.Category == Category.Gift && (!H.Missing(m.MarketplaceId) || !H.Missing(m.SellerId) || m.Items.Any(i => i.Quantity >= 5))"),
        ("ioss-number-malformed", "IOSS_INVALID", 0, Outcome.Release, "!H.Missing(m.IossNumber) && !H.Ioss(m.IossNumber)"),
        ("ioss-over-limit", "IOSS_OVER_THRESHOLD", 0, Outcome.Release, "!H.Missing(m.IossNumber) && H.Convert(m.TotalValueMinor, m.Currency, \"EUR\") > H.Threshold(\"ioss-limit\", m.CreatedAtMillis)"),
        ("denied-party", "DENIED_PARTY", 0, Outcome.Inspect, "H.Denied(m.Consignor.Name, m.Consignor.CountryCode) || H.Denied(m.Consignee.Name, m.Consignee.CountryCode)"),
        ("high-risk-route", "HIGH_RISK_ROUTE", 3.0, Outcome.Release, "H.InList(m.DepartureCountry, \"high-risk-departures\") || m.Items.Any(i => H.InList(i.OriginCountry, \"embargoed-origins\"))"),

        // Inspection-history rules: both engines run here without feedback statistics, where these never hit.
        ("seller-inspection-history", "POOR_INSPECTION_HISTORY", 3.0, Outcome.Release, "false"),
        ("consignor-inspection-history", "POOR_INSPECTION_HISTORY", 2.5, Outcome.Release, "false"),
    ];

    private readonly RulesEngine.RulesEngine _engine;
    private readonly Dictionary<string, (double Weight, Outcome Forced, string Code)> _effects;

    public PeerRules(string packDirectory)
    {
        H.Load(packDirectory);
        var workflow = new Workflow
        {
            WorkflowName = WorkflowName,
            Rules = s_rules.Select(r => new Rule { RuleName = r.Id, SuccessEvent = r.Code, Expression = r.Expression, RuleExpressionType = RuleExpressionType.LambdaExpression }).ToList(),
        };
        _engine = new RulesEngine.RulesEngine([workflow], new ReSettings { CustomTypes = [typeof(H), typeof(TransportMode), typeof(OperatorType), typeof(Category)] });
        _effects = s_rules.ToDictionary(r => r.Id, r => (r.Weight, r.Forced, r.Code));
    }

    /// <summary>Gets the rule ids, to check they match the pack's.</summary>
    public static IEnumerable<string> RuleIds => s_rules.Select(r => r.Id);

    /// <summary>Evaluates every rule and decides like the engine (no random selection, no escalation).</summary>
    public async Task<(Outcome Outcome, double Score, List<string> Hits)> DecideAsync(ManifestRecord manifest, double hold, double inspect)
    {
        List<RuleResultTree> results = await _engine.ExecuteAllRulesAsync(WorkflowName, new RuleParameter("m", manifest));
        Outcome forced = Outcome.Release;
        var hits = new List<string>();
        var codeWeights = new Dictionary<string, double>();
        foreach (RuleResultTree result in results)
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                throw new InvalidOperationException($"{result.Rule.RuleName}: {result.ExceptionMessage}");
            }

            if (result.IsSuccess)
            {
                (double weight, Outcome outcome, string code) = _effects[result.Rule.RuleName];

                // A reason code counts once per parcel: its largest weight.
                codeWeights[code] = codeWeights.TryGetValue(code, out double seen) ? Math.Max(seen, weight) : weight;
                forced = outcome > forced ? outcome : forced;
                hits.Add(result.Rule.RuleName);
            }
        }

        double logOdds = -4.0 + codeWeights.Values.Sum();
        double score = 1 / (1 + Math.Exp(-logOdds));
        Outcome decided = forced != Outcome.Release ? forced : score >= inspect ? Outcome.Inspect : score >= hold ? Outcome.Hold : Outcome.Release;
        return (decided, score, hits);
    }
}
