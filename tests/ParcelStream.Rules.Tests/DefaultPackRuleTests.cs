using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Every rule of the shipped pack: one manifest that hits it and one close to it that does not.</summary>
public sealed class DefaultPackRuleTests
{
    /// <summary>Case name to (rule id, expected hit, change applied to the clean manifest).</summary>
    private static readonly Dictionary<string, (string RuleId, bool Hit, Action<ManifestRecord> Change)> s_cases = new()
    {
        ["awb missing on air"] = ("ics2-missing-air-waybill", true, m => m.AirWaybill = null),
        ["awb missing on road"] = ("ics2-missing-air-waybill", false, m => (m.AirWaybill, m.TransportMode) = (null, TransportMode.Road)),
        ["consignor name blank"] = ("ics2-missing-consignor-name", true, m => m.Consignor.Name = "   "),
        ["consignor name one letter"] = ("ics2-missing-consignor-name", false, m => m.Consignor.Name = "X"),
        ["consignor city empty"] = ("ics2-missing-consignor-address", true, m => m.Consignor.City = string.Empty),
        ["consignor optional line null"] = ("ics2-missing-consignor-address", false, m => (m.Consignor.AddressLine2, m.Consignor.PostalCode) = (null, null)),
        ["consignee name empty"] = ("ics2-missing-consignee-name", true, m => m.Consignee.Name = string.Empty),
        ["consignee name short"] = ("ics2-missing-consignee-name", false, m => m.Consignee.Name = "Li"),
        ["consignee street empty"] = ("ics2-missing-consignee-address", true, m => m.Consignee.AddressLine1 = string.Empty),
        ["consignee postal code null"] = ("ics2-missing-consignee-address", false, m => m.Consignee.PostalCode = null),
        ["consignee named N/A"] = ("ics2-placeholder-party-name", true, m => m.Consignee.Name = " N/A "),
        ["consignee named Nadia"] = ("ics2-placeholder-party-name", false, m => m.Consignee.Name = "Nadia"),
        ["consignor named Unknown"] = ("ics2-placeholder-party-name", true, m => m.Consignor.Name = "Unknown"),
        ["consignor named Unknown Ltd"] = ("ics2-placeholder-party-name", false, m => m.Consignor.Name = "Unknown Pleasures Ltd"),
        ["item description empty"] = ("ics2-missing-description", true, m => m.Items[1].Description = string.Empty),
        ["item description short"] = ("ics2-missing-description", false, m => m.Items[1].Description = "Tea"),
        ["no items"] = ("ics2-missing-description", true, m => m.Items.Clear()),
        ["pieces zero"] = ("ics2-missing-pieces", true, m => m.Pieces = 0),
        ["pieces one"] = ("ics2-missing-pieces", false, m => m.Pieces = 1),
        ["gross weight zero"] = ("ics2-missing-gross-weight", true, m => m.GrossWeightGrams = 0),
        ["gross weight one gram"] = ("ics2-missing-gross-weight", false, m => m.GrossWeightGrams = 1),
        ["description gifts and accessories"] = ("ics2-vague-description", true, m => m.Items[0].Description = "Gifts, ACCESSORIES"),
        ["description see invoice"] = ("ics2-vague-description", true, m => m.Items[2].Description = "see invoice"),
        ["description gift wool scarf"] = ("ics2-vague-description", false, m => m.Items[0].Description = "Gift: wool scarf"),
        ["postal id wrong check digit"] = ("s10-invalid-tracking-number", true, m => m.TrackingNumber = "RR123456784CN"),
        ["express id not s10"] = ("s10-invalid-tracking-number", false, m => (m.TrackingNumber, m.OperatorType) = ("1Z999AA10123456784", OperatorType.Express)),
        ["hs code four digits"] = ("ics2-invalid-hs-code", true, m => m.Items[0].HsCode = "8518"),
        ["hs code eight digits"] = ("ics2-invalid-hs-code", false, m => m.Items[0].HsCode = "85183000"),
        ["hs chapter 93"] = ("prohibited-goods-hs", true, m => m.Items[0].HsCode = "930400"),
        ["hs chapter 94"] = ("prohibited-goods-hs", false, m => m.Items[0].HsCode = "940360"),
        ["description carved ivory"] = ("prohibited-goods-description", true, m => m.Items[2].Description = "Carved IVORY figurine"),
        ["description ivorycoat"] = ("prohibited-goods-description", false, m => m.Items[2].Description = "Ivorycoat wall paint sample card"),
        ["description ivory as a colour"] = ("prohibited-goods-description", false, m => (m.Items[2].HsCode, m.Items[2].Description) = ("620442", "Ivory lace wedding dress")),
        ["hs worked ivory"] = ("prohibited-goods-hs", true, m => m.Items[2].HsCode = "960110"),
        ["hs lithium-ion batteries by air"] = ("restricted-lithium-batteries-air", true, m => m.Items[1].HsCode = "850760"),
        ["hs lithium-ion batteries by road"] = ("restricted-lithium-batteries-air", false, m => (m.Items[1].HsCode, m.TransportMode) = ("850760", TransportMode.Road)),
        ["hs static converters"] = ("restricted-lithium-batteries-air", false, m => m.Items[1].HsCode = "850440"),
        ["description power bank"] = ("restricted-lithium-batteries-air", true, m => m.Items[1].Description = "Power bank 20000mAh"),
        ["description power cable"] = ("restricted-lithium-batteries-air", false, m => m.Items[1].Description = "Power cable 2m"),
        ["hs medicines to DE"] = ("restricted-medicines", true, m => m.Items[1].HsCode = "300490"),
        ["hs food supplement to DE"] = ("restricted-medicines", false, m => (m.Items[1].HsCode, m.Items[1].Description) = ("210690", "Vitamin D3 dietary supplement capsules")),
        ["hs medicines to CH"] = ("restricted-goods-unlisted-destination", true, m => (m.Items[1].HsCode, m.DestinationCountry, m.Consignee.CountryCode) = ("300490", "CH", "CH")),
        ["hs medicines to DE, listed"] = ("restricted-goods-unlisted-destination", false, m => m.Items[1].HsCode = "300490"),
        ["hs e-liquid to AU"] = ("restricted-tobacco-nicotine", true, m => (m.Items[1].HsCode, m.Items[1].Description, m.DestinationCountry, m.Consignee.CountryCode) = ("240412", "E-liquid 10 ml", "AU", "AU")),
        ["description tobacco brown belt"] = ("restricted-tobacco-nicotine", false, m => (m.Items[1].HsCode, m.Items[1].Description) = ("420330", "Tobacco brown leather belt")),
        ["hs seeds for sowing"] = ("restricted-plants-seeds", true, m => m.Items[1].HsCode = "120991"),
        ["description chia seeds"] = ("restricted-plants-seeds", false, m => (m.Items[1].HsCode, m.Items[1].Description) = ("120799", "Chia seeds, 500 g")),
        ["rolex watch at 25 EUR"] = ("counterfeit-luxury-brand-low-value", true, m => { (m.Items[2].HsCode, m.Items[2].Description) = ("910211", "Rolex Submariner wristwatch"); Reprice(m, 2, 2_500); }),
        ["rolex watch at 200 EUR"] = ("counterfeit-luxury-brand-low-value", false, m => { (m.Items[2].HsCode, m.Items[2].Description) = ("910211", "Rolex Submariner wristwatch"); Reprice(m, 2, 20_000); }),
        ["smartphone under 3926"] = ("hs-description-mismatch", true, m => m.Items[2].Description = "Smartphone 6.5 inch, 128 GB"),
        ["smartphone case under 3926"] = ("hs-description-mismatch", false, m => m.Items[2].Description = "Smartphone case, silicone"),
        ["handbag described as replica"] = ("counterfeit-prone-terms", true, m => (m.Items[2].HsCode, m.Items[2].Description) = ("420221", "Designer handbag, AAA quality replica")),
        ["plastic case described as replica"] = ("counterfeit-prone-terms", false, m => m.Items[2].Description = "Phone case, AAA quality replica"),
        ["phone at 5 EUR"] = ("undervaluation-per-unit", true, m => Phone(m, 500)),
        ["phone at 25 EUR"] = ("undervaluation-per-unit", false, m => Phone(m, 2_500)),
        ["headphones at 9.34 EUR per kg"] = ("undervaluation-per-kg", true, m => Reprice(m, 0, 299)),
        ["headphones at 10.31 EUR per kg"] = ("undervaluation-per-kg", false, m => Reprice(m, 0, 330)),
        ["total 4% above items"] = ("item-values-do-not-sum-to-total", true, m => m.TotalValueMinor = 5_000),
        ["total 0.7% above items"] = ("item-values-do-not-sum-to-total", false, m => m.TotalValueMinor = 4_830),
        ["gross below net"] = ("net-weight-above-gross", true, m => m.GrossWeightGrams = 459),
        ["gross equal to net"] = ("net-weight-above-gross", false, m => m.GrossWeightGrams = 460),
        ["negative line quantity"] = ("implausible-field", true, m => m.Items[1].Quantity = -1),
        ["line quantity zero"] = ("implausible-field", false, m => m.Items[1].Quantity = 0),
        ["line values past 2^63"] = ("implausible-field", true, m => (m.Items[0].ValueMinor, m.Items[1].ValueMinor) = (long.MaxValue, 1)),
        ["line value at 2^63 - 1 in total"] = ("implausible-field", false, m => (m.Items[0].ValueMinor, m.Items[1].ValueMinor, m.Items[2].ValueMinor) = (long.MaxValue - 1, 1, 0)),
        ["createdAt 1999-12-31T23:59:59.999Z"] = ("implausible-field", true, m => m.CreatedAtMillis = 946_684_799_999),
        ["createdAt 2000-01-01"] = ("implausible-field", false, m => m.CreatedAtMillis = 946_684_800_000),
        ["gift from marketplace"] = ("gift-with-commercial-signs", true, m => m.Category = Category.Gift),
        ["gift with five units"] = ("gift-with-commercial-signs", true, m => (m.Category, m.MarketplaceId, m.SellerId, m.Items[1].Quantity) = (Category.Gift, null, null, 5)),
        ["gift with four units"] = ("gift-with-commercial-signs", false, m => (m.Category, m.MarketplaceId, m.SellerId, m.Items[1].Quantity) = (Category.Gift, null, null, 4)),
        ["ioss eleven characters"] = ("ioss-number-malformed", true, m => m.IossNumber = "IM276000001"),
        ["ioss other valid number"] = ("ioss-number-malformed", false, m => m.IossNumber = "IM0000000000"),
        ["ioss on 150.01 EUR"] = ("ioss-over-limit", true, m => SetTotal(m, 15_001)),
        ["ioss on 150.00 EUR"] = ("ioss-over-limit", false, m => SetTotal(m, 15_000)),
        ["consignee on watch list, reordered, no diacritics"] = ("denied-party", true, m => (m.Consignee.Name, m.Consignee.CountryCode) = ("SCHAFER EXPORT, JURGEN", "DE")),
        ["consignee on watch list but other country"] = ("denied-party", false, m => (m.Consignee.Name, m.Consignee.CountryCode) = ("SCHAFER EXPORT, JURGEN", "FR")),
        ["consignor alias with typo"] = ("denied-party", true, m => (m.Consignor.Name, m.Consignor.CountryCode) = ("ZH Precison Components Co. Ltd", "HK")),
        ["origin North Korea"] = ("high-risk-route", true, m => m.Items[1].OriginCountry = "KP"),
        ["origin South Korea"] = ("high-risk-route", false, m => m.Items[1].OriginCountry = "KR"),
    };

    /// <summary>Case name to (rule id, expected hit, inspection history: seller found/inspected, consignor found/inspected, prior Beta(1, 19)).</summary>
    private static readonly Dictionary<string, (string RuleId, bool Hit, RiskHistory History)> s_historyCases = new()
    {
        ["seller 6 of 6 found"] = ("seller-inspection-history", true, new RiskHistory(6, 6, 0, 0, 1, 19)),
        ["seller 5 of 5 found (posterior 0.24)"] = ("seller-inspection-history", false, new RiskHistory(5, 5, 0, 0, 1, 19)),
        ["seller 4 of 4 found (too few)"] = ("seller-inspection-history", false, new RiskHistory(4, 4, 0, 0, 1, 19)),
        ["seller history unknown"] = ("seller-inspection-history", false, new RiskHistory(6, 6, 0, 0, 0, 0)),
        ["consignor 9 of 10 found"] = ("consignor-inspection-history", true, new RiskHistory(0, 0, 9, 10, 1, 19)),
        ["consignor 1 of 10 found"] = ("consignor-inspection-history", false, new RiskHistory(0, 0, 1, 10, 1, 19)),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    public static TheoryData<string> HistoryCases => [.. s_historyCases.Keys];

    [Theory]
    [MemberData(nameof(HistoryCases))]
    public void Evaluate_InspectionHistoryCase_HitsOnlyWhenExpected(string name)
    {
        (string ruleId, bool hit, RiskHistory history) = s_historyCases[name];
        CustomsDecision decision = new RuleHarness().Evaluate(TestManifests.Clean(), history);
        Assert.True(RuleHarness.HasRule(decision, ruleId) == hit, $"{name}: expected {ruleId} {(hit ? "to hit" : "not to hit")}; reasons: {string.Join(", ", RuleHarness.Reasons(decision))}");
    }

    [Fact]
    public void Evaluate_SellerWithManyFindings_ScoresHigherThanWithout()
    {
        double without = new RuleHarness().Evaluate(TestManifests.Clean(), new RiskHistory(0, 0, 0, 0, 1, 19)).RiskScore;
        double with = new RuleHarness().Evaluate(TestManifests.Clean(), new RiskHistory(10, 12, 0, 0, 1, 19)).RiskScore;
        Assert.Equal(1 / (1 + Math.Exp(4.0)), without, 12);
        Assert.Equal(1 / (1 + Math.Exp(4.0 - 3.0)), with, 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_DefaultPackCase_HitsOnlyWhenExpected(string name)
    {
        (string ruleId, bool hit, Action<ManifestRecord> change) = s_cases[name];
        ManifestRecord manifest = TestManifests.Clean();
        change(manifest);
        CustomsDecision decision = new RuleHarness().Evaluate(manifest);
        Assert.True(RuleHarness.HasRule(decision, ruleId) == hit, $"{name}: expected {ruleId} {(hit ? "to hit" : "not to hit")}; reasons: {string.Join(", ", RuleHarness.Reasons(decision))}");
    }

    [Fact]
    public void Cases_CoverEveryRuleOfTheDefaultPack_WithAHitAndANearMiss()
    {
        foreach (string ruleId in RuleHarness.DefaultPack.RuleIds)
        {
            (string RuleId, bool Hit)[] all = [.. s_cases.Values.Select(c => (c.RuleId, c.Hit)), .. s_historyCases.Values.Select(c => (c.RuleId, c.Hit))];
            Assert.True(all.Any(c => c.RuleId == ruleId && c.Hit), $"no hit case for {ruleId}");
            Assert.True(all.Any(c => c.RuleId == ruleId && !c.Hit), $"no near-miss case for {ruleId}");
        }

        Assert.All(s_cases.Values, c => Assert.Contains(c.RuleId, RuleHarness.DefaultPack.RuleIds));
        Assert.All(s_historyCases.Values, c => Assert.Contains(c.RuleId, RuleHarness.DefaultPack.RuleIds));
    }

    [Fact]
    public void Evaluate_CleanManifest_ReleasesWithoutReasonsOrAudit()
    {
        CustomsDecision decision = new RuleHarness().Evaluate(TestManifests.Clean());
        Assert.Equal(Outcome.Release, decision.Outcome);
        Assert.Empty(RuleHarness.Reasons(decision));
        Assert.False(decision.PostClearanceAudit);
        Assert.Equal("2026.12.1", System.Text.Encoding.UTF8.GetString(decision.RulesetVersion));
        Assert.Equal(1 / (1 + Math.Exp(4.0)), decision.RiskScore, 12);
    }

    [Fact]
    public void Evaluate_WorstCaseManifest_ReleasesWithoutReasons()
    {
        CustomsDecision decision = new RuleHarness().Evaluate(TestManifests.WorstCase());
        Assert.Equal(Outcome.Release, decision.Outcome);
        Assert.Empty(RuleHarness.Reasons(decision));
    }

    [Theory]
    [InlineData("ics2-missing-pieces", Outcome.Hold)]
    [InlineData("prohibited-goods-hs", Outcome.Inspect)]
    [InlineData("denied-party", Outcome.Inspect)]
    [InlineData("implausible-field", Outcome.Hold)]
    [InlineData("item-values-do-not-sum-to-total", Outcome.Hold)]
    [InlineData("net-weight-above-gross", Outcome.Hold)]
    [InlineData("restricted-medicines", Outcome.Hold)]
    [InlineData("restricted-lithium-batteries-air", Outcome.Hold)]
    public void Evaluate_ForcingRule_ForcesItsOutcome(string ruleId, Outcome expected)
    {
        string name = s_cases.First(c => c.Value.RuleId == ruleId && c.Value.Hit).Key;
        ManifestRecord manifest = TestManifests.Clean();
        s_cases[name].Change(manifest);
        Assert.Equal(expected, new RuleHarness().Evaluate(manifest).Outcome);
    }

    [Fact]
    public void DefaultPack_EveryRuleDescription_CitesTheDomainReference()
    {
        foreach (string ruleId in RuleHarness.DefaultPack.RuleIds)
        {
            Assert.Contains("customs-domain.md section", RuleHarness.DefaultPack.DescribeRule(ruleId), StringComparison.Ordinal);
        }
    }

    private static void Phone(ManifestRecord m, long valueMinor)
    {
        m.Items[0].HsCode = "851713";
        m.Items[0].Description = "Smartphone 6.5 inch";
        m.Items[0].NetWeightGrams = 150;
        Reprice(m, 0, valueMinor);
    }

    private static void Reprice(ManifestRecord m, int item, long valueMinor)
    {
        m.TotalValueMinor += valueMinor - m.Items[item].ValueMinor;
        m.Items[item].ValueMinor = valueMinor;
    }

    private static void SetTotal(ManifestRecord m, long total)
    {
        Reprice(m, 0, m.Items[0].ValueMinor + (total - m.TotalValueMinor));
    }
}
