using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>The kind of stop: each rule's effect names its referral, the decision's is derived from the hits that drove the outcome.</summary>
public sealed class ReferralTests
{
    [Fact]
    public void DefaultPack_EveryRule_NamesAReferralOfItsOutcomeOrOnlyReports()
    {
        foreach (Evaluation.CompiledRule rule in RuleHarness.DefaultPack.Rules)
        {
            Assert.True(rule.Informational || rule.Referral != Referral.None, $"{rule.Id} names no referral");
            if (rule.Forced == Outcome.Hold)
            {
                Assert.True(rule.Referral is Referral.RequestForInformation or Referral.DocumentaryCheck, $"{rule.Id}: HOLD with {rule.Referral}");
            }
        }

        Assert.Equal(Referral.ComplianceReview, Rule("denied-party").Referral);
        Assert.Equal(Referral.PhysicalExamination, Rule("prohibited-goods-hs").Referral);
        Assert.Equal(Referral.RequestForInformation, Rule("ics2-missing-air-waybill").Referral);
    }

    [Theory]
    [InlineData("missing air waybill", Outcome.Hold, Referral.RequestForInformation)]
    [InlineData("prohibited HS", Outcome.Inspect, Referral.PhysicalExamination)]
    [InlineData("denied party", Outcome.Inspect, Referral.ComplianceReview)]
    [InlineData("denied party and prohibited HS", Outcome.Inspect, Referral.PhysicalExamination)]
    [InlineData("gift and undervalued", Outcome.Inspect, Referral.Screening)]
    [InlineData("gift, undervalued, high-risk origin", Outcome.Inspect, Referral.Screening)]
    [InlineData("restricted and undervalued", Outcome.Hold, Referral.DocumentaryCheck)]
    [InlineData("counterfeit wording", Outcome.Hold, Referral.DocumentaryCheck)]
    [InlineData("value mismatch", Outcome.Hold, Referral.RequestForInformation)]
    [InlineData("value mismatch and restricted", Outcome.Hold, Referral.DocumentaryCheck)]
    [InlineData("clean", Outcome.Release, Referral.None)]
    public void Evaluate_Hits_GiveTheMostDemandingReferralOfTheOutcomesClass(string name, Outcome outcome, Referral referral)
    {
        ManifestRecord m = TestManifests.Clean();
        switch (name)
        {
            case "missing air waybill":
                m.AirWaybill = null;
                break;
            case "prohibited HS":
                m.Items[0].HsCode = "930400";
                break;
            case "denied party":
                (m.Consignee.Name, m.Consignee.CountryCode) = ("SCHAFER EXPORT, JURGEN", "DE");
                break;
            case "denied party and prohibited HS":
                (m.Consignee.Name, m.Consignee.CountryCode, m.Items[0].HsCode) = ("SCHAFER EXPORT, JURGEN", "DE", "930400");
                break;
            case "gift and undervalued":
                // A gift from a marketplace (documentary check, weight 3) and a headset at EUR 0.50 (undervaluation per unit
                // and per kg, one code: documentary check, weight 3): score 0.88 INSPECTs by score, where no documentary
                // referral applies.
                m.Category = Category.Gift;
                Reprice(m, 0, 50);
                break;
            case "gift, undervalued, high-risk origin":
                m.Category = Category.Gift;
                m.Items[2].OriginCountry = "KP";
                Reprice(m, 0, 50);
                break;
            case "restricted and undervalued":
                // 3004 medicines to DE: a documentary requirement, forced HOLD; the undervaluation's weight cannot turn
                // a forced HOLD into a score INSPECT.
                (m.Items[1].HsCode, m.Items[1].Description) = ("300490", "Vitamin tablets");
                Reprice(m, 0, 50);
                break;
            case "counterfeit wording":
                // counterfeit terms in a counterfeit-prone category: weight 4 (physical examination); score 0.5 only
                // HOLDs, and a HOLD is documentary.
                (m.Items[2].HsCode, m.Items[2].Description) = ("420221", "Replica designer handbag");
                break;
            case "value mismatch":
                // alone: the filer is asked for the right values (forced HOLD, request for information).
                m.TotalValueMinor += 1_000;
                break;
            case "value mismatch and restricted":
                // two forced HOLDs, information and documents: documents is the more demanding.
                (m.Items[1].HsCode, m.Items[1].Description) = ("300490", "Vitamin tablets");
                m.TotalValueMinor += 1_000;
                break;
        }

        CustomsDecision d = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 }).Evaluate(m);

        Assert.True((outcome, referral) == (d.Outcome, d.Referral), $"{name}: {d.Outcome} {d.Referral}; reasons {string.Join(", ", RuleHarness.Reasons(d))}");
    }

    [Fact]
    public void Evaluate_RandomSelection_IsScreening()
    {
        CustomsDecision d = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 1, EscalationHits = 0 }).Evaluate(TestManifests.Clean());

        Assert.Equal((Outcome.Inspect, Referral.Screening), (d.Outcome, d.Referral));
    }

    [Theory]
    [InlineData("{ weight: 1, referral: x-ray }", "rules.yaml:6: rule r: referral 'x-ray' is unknown (expected request-for-information, documentary-check, compliance-review, screening, physical-examination, do-not-load)")]
    [InlineData("{ weight: 1, referral: Screening }", "rules.yaml:6: rule r: referral 'Screening' is unknown (expected request-for-information, documentary-check, compliance-review, screening, physical-examination, do-not-load) (did you mean 'screening'?)")]
    [InlineData("{ outcome: HOLD, referral: screening }", "rules.yaml:6: rule r: referral screening goes with outcome INSPECT, not HOLD")]
    [InlineData("{ outcome: INSPECT, referral: request-for-information }", "rules.yaml:6: rule r: referral request-for-information goes with outcome HOLD, not INSPECT")]
    [InlineData("{ informational: true, weight: 2 }", "rules.yaml:6: rule r: an informational effect only reports: it takes no weight, outcome, audit or referral")]
    public void Load_BadReferral_ReportsFileLineAndRule(string effect, string expected)
    {
        using TempPack pack = TempPack.WithRules($"""
            rules:
              - id: r
                code: R
                description: A rule.
                when: {"{"} field: pieces, gte: 1 {"}"}
                effect: {effect}
            """);

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        Assert.Equal(Path.Combine(pack.Directory, expected), Assert.Single(e.Errors).ToString());
    }

    private static Evaluation.CompiledRule Rule(string id) => RuleHarness.DefaultPack.Rules.Single(r => r.Id == id);

    private static void Reprice(ManifestRecord m, int item, long valueMinor)
    {
        m.TotalValueMinor += valueMinor - m.Items[item].ValueMinor;
        m.Items[item].ValueMinor = valueMinor;
    }
}
