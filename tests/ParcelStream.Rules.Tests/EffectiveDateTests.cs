using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Rules and thresholds are judged against the manifest's createdAt, with inclusive UTC-day bounds.</summary>
public sealed class EffectiveDateTests
{
    [Theory]
    [InlineData("2023-02-28T23:59:59.999Z", false)]
    [InlineData("2023-03-01T00:00:00.000Z", true)]
    public void InvalidHsCodeRule_ValidFromIcs2Release2_AppliesFromThatDay(string createdAt, bool hit)
    {
        ManifestRecord m = TestManifests.Clean();
        m.Items[0].HsCode = "8518";
        m.CreatedAtMillis = DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal(hit, RuleHarness.HasRule(new RuleHarness().Evaluate(m), "ics2-invalid-hs-code"));
    }

    [Theory]
    [InlineData("2026-01-31T12:00:00Z", false)]
    [InlineData("2026-02-01T00:00:00Z", true)]
    [InlineData("2026-02-28T23:59:59Z", true)]
    [InlineData("2026-03-01T00:00:00Z", false)]
    public void Rule_WithValidFromAndUntil_AppliesOnInclusiveDays(string createdAt, bool hit)
    {
        using TempPack pack = TempPack.WithRules("""
            rules:
              - id: february-only
                code: TEST
                description: Applies in February 2026 only.
                validFrom: 2026-02-01
                validUntil: 2026-02-28
                when: { field: pieces, gte: 1 }
                effect: { weight: 1 }
            """);
        ManifestRecord m = TestManifests.Clean();
        m.CreatedAtMillis = DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal(hit, RuleHarness.HasRule(new RuleHarness(RulePack.Load(pack.Directory)).Evaluate(m), "february-only"));
    }

    [Fact]
    public void Threshold_WithNoPeriodInForce_NeverCompares()
    {
        using TempPack pack = TempPack.WithRules("""
            thresholds:
              from-2030:
                currency: EUR
                periods:
                  - { from: 2030-01-01, value: 1 }
            rules:
              - id: above-future-threshold
                code: TEST
                description: Threshold not yet in force.
                when: { field: totalValue, gt: "$from-2030" }
                effect: { weight: 1 }
            """);
        var harness = new RuleHarness(RulePack.Load(pack.Directory));
        Assert.False(RuleHarness.HasRule(harness.Evaluate(TestManifests.Clean()), "above-future-threshold"));
        ManifestRecord later = TestManifests.Clean();
        later.CreatedAtMillis = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.True(RuleHarness.HasRule(harness.Evaluate(later), "above-future-threshold"));
    }
}
