using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Rules.Tests.Feedback;

public sealed class FeedbackTallyTests
{
    private static DecidedParcel Parcel(string id, bool random, string seller, ulong consignor, params string[] rules) =>
        new(id, rules, random, seller, consignor, Outcome.Inspect, 0);

    [Fact]
    public void Result_RiskSelectedAndRandomParcels_CountedInSeparateLines()
    {
        var tally = new FeedbackTally();
        DecidedParcel risk = Parcel("m1", false, "S-1", 7, "undervaluation-per-unit", "engine.risk-score");
        DecidedParcel random = Parcel("m2", true, "S-1", 7, "undervaluation-per-unit");
        DecidedParcel plain = Parcel("m3", true, "S-2", 0);
        foreach (DecidedParcel p in new[] { risk, random, plain })
        {
            tally.Decided(p);
        }

        tally.Result(risk, null, InspectionOutcome.Found);
        tally.Result(random, null, InspectionOutcome.Clean);
        tally.Result(plain, null, InspectionOutcome.Found);

        Assert.Equal(new EntityCounts(1, 1, 1), tally.Get(new FeedbackKey(FeedbackKind.Rule, "undervaluation-per-unit")));
        Assert.Equal(new EntityCounts(1, 1, 1), tally.Get(new FeedbackKey(FeedbackKind.Rule, "engine.risk-score")));
        Assert.Equal(new EntityCounts(1, 1, 0), tally.Get(new FeedbackKey(FeedbackKind.RuleRandom, "undervaluation-per-unit")));
        Assert.Equal(new EntityCounts(2, 2, 1), tally.Get(FeedbackKey.Baseline));
        Assert.Equal(new EntityCounts(2, 2, 1), tally.Get(new FeedbackKey(FeedbackKind.Seller, "S-1")));
        Assert.Equal(new EntityCounts(1, 1, 1), tally.Get(new FeedbackKey(FeedbackKind.Seller, "S-2")));
        Assert.Equal(new EntityCounts(2, 2, 1), tally.Get(new FeedbackKey(FeedbackKind.Consignor, PartyKeys.Format(7))));
        Assert.DoesNotContain(tally.Lines.Keys, k => k.Kind == FeedbackKind.Consignor && k.Id == PartyKeys.Format(0));
    }

    [Theory]
    [InlineData(InspectionOutcome.Found, InspectionOutcome.Found, 1, 1)]
    [InlineData(InspectionOutcome.Found, InspectionOutcome.Clean, 1, 0)]
    [InlineData(InspectionOutcome.Clean, InspectionOutcome.Found, 1, 1)]
    public void Result_RepeatedOrCorrected_CountsTheParcelOnce(InspectionOutcome first, InspectionOutcome second, long inspected, long found)
    {
        var tally = new FeedbackTally();
        DecidedParcel p = Parcel("m1", false, "S-1", 0, "r");
        tally.Result(p, null, first);
        tally.Result(p, first, second);
        Assert.Equal(new EntityCounts(0, inspected, found), tally.Get(new FeedbackKey(FeedbackKind.Rule, "r")));
        Assert.Equal(new EntityCounts(0, inspected, found), tally.Get(new FeedbackKey(FeedbackKind.Seller, "S-1")));
    }

    [Theory]
    [InlineData(true, "r", true)]
    [InlineData(false, DecidedParcel.ExplorationRuleId, true)]
    [InlineData(false, "r", false)]
    public void Result_RandomOrExploredParcel_AlsoCountsInTheSellersBaseline(bool random, string rule, bool counted)
    {
        var tally = new FeedbackTally();
        tally.Result(Parcel("m1", random, "S-1", 0, rule), null, InspectionOutcome.Found);

        Assert.Equal(new EntityCounts(0, 1, 1), tally.Get(new FeedbackKey(FeedbackKind.Seller, "S-1")));
        Assert.Equal(counted ? new EntityCounts(0, 1, 1) : default, tally.Get(new FeedbackKey(FeedbackKind.SellerBaseline, "S-1")));
    }

    [Theory]
    [InlineData("rule:prohibited-goods-hs", FeedbackKind.Rule, "prohibited-goods-hs")]
    [InlineData("rule-random:engine.risk-score", FeedbackKind.RuleRandom, "engine.risk-score")]
    [InlineData("baseline", FeedbackKind.Baseline, "")]
    [InlineData("seller:S-4411", FeedbackKind.Seller, "S-4411")]
    [InlineData("seller-baseline:S-4411", FeedbackKind.SellerBaseline, "S-4411")]
    [InlineData("consignor:00000000000000ff", FeedbackKind.Consignor, "00000000000000ff")]
    public void FeedbackKey_Text_RoundTrips(string text, FeedbackKind kind, string id)
    {
        Assert.True(FeedbackKey.TryParse(text, out FeedbackKey key));
        Assert.Equal(new FeedbackKey(kind, id), key);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("rule:")]
    [InlineData("consignor:Acme Ltd")]
    [InlineData("vendor:1")]
    public void FeedbackKey_NotAKey_IsRejected(string text) => Assert.False(FeedbackKey.TryParse(text, out _));
}
