using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>The default pack reviewed as a customs analyst would (issue 12 item 4): each finding of the review, pinned.</summary>
public sealed class PackReviewTests
{
    private readonly RuleHarness _harness = new(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 });

    [Theory]
    [InlineData("847160", "Wireless computer mouse", 80, 500)]          // the 8471 row (EUR 40) flagged every mouse
    [InlineData("851762", "Smart fitness band", 40, 1_200)]             // the 8517 row (EUR 25) flagged fitness bands
    [InlineData("950440", "Playing cards, poker size", 100, 150)]       // a 9504 row (EUR 15) would flag playing cards
    [InlineData("910211", "Quartz wristwatch with mechanical display", 150, 500)] // 9102 at EUR 150/kg flagged cheap watches
    [InlineData("711319", "Silver jewellery ring", 20, 1_500)]          // 7113 at EUR 20 a unit flagged silver rings
    [InlineData("420222", "Shoulder bag with outer surface of plastic sheeting", 700, 800)] // 4202 at EUR 15/kg
    public void Evaluate_CheapGoodsUnderASubheadingOfAValuableHeading_NotUndervalued(string hs, string description, int grams, long cents)
    {
        ManifestRecord m = Line(hs, description, grams, cents);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.False(d.HasReason("UNDERVALUATION"u8), string.Join(", ", RuleHarness.Reasons(d)));
        Assert.Equal(Outcome.Release, d.Outcome);
    }

    [Theory]
    [InlineData("847130", "Laptop computer, 14 inch", 1_500, 1_500)]
    [InlineData("851713", "Smartphone", 180, 1_200)]
    [InlineData("880622", "Camera drone", 600, 1_000)]
    [InlineData("950450", "Video game console", 3_000, 1_000)]
    [InlineData("420221", "Leather handbag", 900, 600)]
    public void Evaluate_ValuableGoodsFarBelowTheirSubheadingsReference_Undervalued(string hs, string description, int grams, long cents)
    {
        ManifestRecord m = Line(hs, description, grams, cents);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.True(d.HasReason("UNDERVALUATION"u8), string.Join(", ", RuleHarness.Reasons(d)));
    }

    [Fact]
    public void Evaluate_UndervaluedPerUnitAndPerKg_CountsTheCodeOnce()
    {
        // A smartphone at EUR 1 for 150 g: under both the per-unit (EUR 25) and the per-kg (EUR 100) reference. Counted
        // twice it was -4 + 3 + 3 = 2 (score 0.88, an INSPECT by score); one indicator is -4 + 3 (0.27): released, audited.
        ManifestRecord m = Line("851713", "Smartphone", 150, 100);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.True(RuleHarness.HasRule(d, "undervaluation-per-unit") && RuleHarness.HasRule(d, "undervaluation-per-kg"), string.Join(", ", RuleHarness.Reasons(d)));
        Assert.Equal(1 / (1 + Math.Exp(1.0)), d.RiskScore, 12);
        Assert.Equal((Outcome.Release, Referral.None, true), (d.Outcome, d.Referral, d.PostClearanceAudit));
    }

    [Fact]
    public void Evaluate_UndervaluedPerUnitAndPerKg_CountsOnceTowardsEscalation()
    {
        // Undervaluation (two rules, one code), a gift from a marketplace and a high-risk origin: three codes. Escalation at
        // four hits must not count the undervaluation twice.
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 4, EscalationOutcome = Outcome.Hold, HoldThreshold = 0.999, InspectThreshold = 0.9999, Capacity = { Enabled = false } });
        ManifestRecord m = Line("851713", "Smartphone", 150, 100);
        m.Category = Category.Gift;
        m.Items[0].OriginCountry = "KP";

        CustomsDecision d = harness.Evaluate(m);

        Assert.Equal(4, RuleHarness.Reasons(d).Count(r => !r.Contains(":engine.", StringComparison.Ordinal)));
        Assert.False(RuleHarness.HasRule(d, "engine.escalation"), string.Join(", ", RuleHarness.Reasons(d)));
        Assert.Equal(Outcome.Release, d.Outcome);
    }

    [Theory]
    [InlineData(9_000, 850, "VALUE_MISMATCH:item-values-do-not-sum-to-total")]
    [InlineData(4_797, 300, "WEIGHT_MISMATCH:net-weight-above-gross")]
    public void Evaluate_ValueOrWeightMismatchAlone_HoldsWithRequestForInformation(long totalCents, int grossGrams, string reason)
    {
        ManifestRecord m = TestManifests.Clean();
        (m.TotalValueMinor, m.GrossWeightGrams) = (totalCents, grossGrams);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.Equal([reason], RuleHarness.Reasons(d));
        Assert.Equal((Outcome.Hold, Referral.RequestForInformation), (d.Outcome, d.Referral));
    }

    [Theory]
    [InlineData("300490", "Prescription medicine tablets", "DE", TransportMode.Air, "restricted-medicines", Outcome.Hold)]
    [InlineData("210690", "Antibiotics, 20 capsules", "FR", TransportMode.Air, "restricted-medicines", Outcome.Hold)]
    [InlineData("300490", "Prescription medicine tablets", "CH", TransportMode.Air, "restricted-goods-unlisted-destination", Outcome.Release)]
    [InlineData("240412", "E-cigarette nicotine liquid, 10 ml", "AU", TransportMode.Air, "restricted-tobacco-nicotine", Outcome.Hold)]
    [InlineData("240220", "Cigarettes, 10 cartons", "US", TransportMode.Road, "restricted-tobacco-nicotine", Outcome.Hold)]
    [InlineData("060290", "Live bonsai plant", "GB", TransportMode.Air, "restricted-plants-seeds", Outcome.Hold)]
    [InlineData("120991", "Vegetable seeds for sowing", "CA", TransportMode.Air, "restricted-plants-seeds", Outcome.Hold)]
    [InlineData("850760", "Lithium-ion battery pack 20000 mAh", "DE", TransportMode.Air, "restricted-lithium-batteries-air", Outcome.Hold)]
    [InlineData("850650", "Lithium button cells, pack of 10", "IT", TransportMode.Air, "restricted-lithium-batteries-air", Outcome.Hold)]
    [InlineData("850760", "Lithium-ion battery pack 20000 mAh", "DE", TransportMode.Road, null, Outcome.Release)]
    [InlineData("850610", "Alkaline AA batteries, pack of 8", "DE", TransportMode.Air, null, Outcome.Release)]
    [InlineData("120799", "Chia seeds, 500 g", "DE", TransportMode.Air, null, Outcome.Release)]
    public void Evaluate_RestrictedGoods_DocumentaryCheckWhereTheDestinationOrRouteRequiresIt(string hs, string description, string destination, TransportMode mode, string? ruleId, Outcome outcome)
    {
        ManifestRecord m = Line(hs, description, 400, 2_000);
        (m.DestinationCountry, m.Consignee.CountryCode, m.TransportMode) = (destination, destination, mode);

        CustomsDecision d = _harness.Evaluate(m);

        string reasons = string.Join(", ", RuleHarness.Reasons(d));
        Assert.True(outcome == d.Outcome, $"{outcome} expected, got {d.Outcome}: {reasons}");
        Assert.Equal(outcome == Outcome.Hold ? Referral.DocumentaryCheck : Referral.None, d.Referral);
        if (ruleId is null)
        {
            Assert.False(d.HasReason("RESTRICTED_GOODS"u8), reasons);
        }
        else
        {
            Assert.True(RuleHarness.HasRule(d, ruleId), reasons);
            Assert.Equal(1, RuleHarness.Reasons(d).Count(r => r.StartsWith("RESTRICTED_GOODS:", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("610910", "Cotton T-shirt")]
    [InlineData("620462", "Women's cotton trousers")]
    [InlineData("420222", "Shoulder bag with outer surface of plastic sheeting")]
    [InlineData("640411", "Running shoes with textile upper")]
    [InlineData("910211", "Quartz wristwatch with mechanical display")]
    [InlineData("711719", "Imitation jewellery necklace")]
    [InlineData("900410", "Sunglasses with UV400 lenses")]
    public void Evaluate_CounterfeitProneCategoryWithoutIndicator_ReleasesWithoutReason(string hs, string description)
    {
        ManifestRecord m = Line(hs, description, 200, 1_500);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.Empty(RuleHarness.Reasons(d));
        Assert.Equal((Outcome.Release, false), (d.Outcome, d.PostClearanceAudit));
    }

    [Theory]
    [InlineData("420221", "Louis Vuitton Neverfull handbag", 2_500, true)]
    [InlineData("420221", "Louis Vuitton Neverfull handbag", 90_000, false)]
    [InlineData("610910", "Gucci logo cotton T-shirt", 900, true)]
    [InlineData("420221", "Leather handbag", 2_500, false)]
    [InlineData("392690", "Gucci style phone case", 500, false)]
    public void Evaluate_LuxuryBrandAtALowValue_FlaggedAsCounterfeit(string hs, string description, long cents, bool flagged)
    {
        ManifestRecord m = Line(hs, description, 600, cents);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.Equal(flagged, RuleHarness.HasRule(d, "counterfeit-luxury-brand-low-value"));
    }

    [Theory]
    [InlineData("392690", "Smartphone 6.5 inch, 128 GB", true)]
    [InlineData("851713", "Smartphone 6.5 inch, 128 GB", false)]
    [InlineData("392690", "Smartphone case, silicone", false)]
    [InlineData("392690", "Camera drone with 4K camera", true)]
    [InlineData("880622", "Camera drone with 4K camera", false)]
    [InlineData("950300", "Toy drone with propeller guards", false)]
    [InlineData("847330", "Laptop 15.6 inch", true)]
    public void Evaluate_DeviceDescribedUnderAnotherHeading_HsDescriptionMismatch(string hs, string description, bool flagged)
    {
        ManifestRecord m = Line(hs, description, 400, 20_000);

        CustomsDecision d = _harness.Evaluate(m);

        Assert.Equal(flagged, RuleHarness.HasRule(d, "hs-description-mismatch"));
    }

    /// <summary>The clean manifest with one goods line: <paramref name="cents"/> EUR cents for one unit of <paramref name="grams"/> net.</summary>
    private static ManifestRecord Line(string hs, string description, int grams, long cents)
    {
        ManifestRecord m = TestManifests.Clean();
        m.Items.RemoveRange(1, m.Items.Count - 1);
        ItemRecord item = m.Items[0];
        (item.HsCode, item.Description, item.Quantity, item.NetWeightGrams, item.ValueMinor) = (hs, description, 1, grams, cents);
        m.TotalValueMinor = cents;
        m.GrossWeightGrams = grams + 150;
        m.IossNumber = cents <= 15_000 ? m.IossNumber : null;
        return m;
    }
}
