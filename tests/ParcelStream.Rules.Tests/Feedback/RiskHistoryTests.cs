using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Rules.Tests.Feedback;

public sealed class RiskHistoryTests
{
    [Fact]
    public void Lookup_SellerAndConsignorSet_ReturnsTheirCountsAndThePrior()
    {
        var table = new RiskHistoryTable(new RiskHistoryOptions { PriorAlpha = 2, PriorBeta = 38 });
        table.Set(new FeedbackKey(FeedbackKind.Seller, "s-4411"), new FeedbackCounts(10, 4));
        ulong consignor = PartyKeys.Consignor("Shenzhen Bright Trading Co., Ltd."u8, "CN"u8);
        table.Set(new FeedbackKey(FeedbackKind.Consignor, PartyKeys.Format(consignor)), new FeedbackCounts(3, 1));

        RiskHistory h = table.Lookup(PartyKeys.Seller(" S-4411 "u8), PartyKeys.Consignor("SHENZHEN  bright trading co ltd"u8, "cn"u8));

        Assert.Equal(new RiskHistory(4, 10, 1, 3, 2, 38), h);
        Assert.Equal(6.0 / 50.0, h.SellerRisk, 12);
        Assert.Equal(3.0 / 43.0, h.ConsignorRisk, 12);
    }

    [Fact]
    public void Lookup_SellerBaselineSet_CarriedBesideTheSellersAllResults()
    {
        var table = new RiskHistoryTable(new RiskHistoryOptions());
        table.Set(new FeedbackKey(FeedbackKind.Seller, "S-1"), new FeedbackCounts(12, 9));
        table.Set(new FeedbackKey(FeedbackKind.SellerBaseline, "S-1"), new FeedbackCounts(3, 2));

        RiskHistory h = table.Lookup(PartyKeys.Seller("S-1"u8), 0);

        Assert.Equal(new RiskHistory(9, 12, 0, 0, 1, 19, 2, 3), h);
        Assert.Equal(3.0 / 23.0, h.SellerBaselineRisk, 12);
    }

    [Theory]
    [InlineData(0, 0, "seller=4/10;consignor=1/3;prior=2/38")]
    [InlineData(2, 3, "seller=4/10;consignor=1/3;prior=2/38;seller-baseline=2/3")]
    public void Format_WithAndWithoutBaseline_ParsesBackToTheSameHistory(long baselineFound, long baselineInspected, string expected)
    {
        var history = new RiskHistory(4, 10, 1, 3, 2, 38, baselineFound, baselineInspected);
        byte[] buffer = new byte[RiskHistory.MaxFormattedLength];

        int n = history.Format(buffer);

        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, n));
        Assert.True(RiskHistory.TryParse(buffer.AsSpan(0, n), out RiskHistory parsed));
        Assert.Equal(history, parsed);
        Assert.False(RiskHistory.TryParse(Encoding.ASCII.GetBytes(expected + ";seller-baseline=1"), out _));
    }

    [Fact]
    public void Lookup_PriorFromBaseline_FollowsTheRandomSelections()
    {
        var table = new RiskHistoryTable(new RiskHistoryOptions { PriorFromRandomBaseline = true, PriorStrength = 10, PriorAlpha = 1, PriorBeta = 1 });
        table.Set(FeedbackKey.Baseline, new FeedbackCounts(98, 19));
        RiskHistory h = table.Lookup(0, 0);
        Assert.Equal(2.0, h.PriorAlpha, 12);
        Assert.Equal(8.0, h.PriorBeta, 12);
    }

    [Fact]
    public void Consignor_OtherCountryOrName_GivesAnotherKey()
    {
        ulong a = PartyKeys.Consignor("Acme Trading"u8, "CN"u8);
        Assert.NotEqual(a, PartyKeys.Consignor("Acme Trading"u8, "HK"u8));
        Assert.NotEqual(a, PartyKeys.Consignor("Acme Tradings"u8, "CN"u8));
        Assert.Equal(0UL, PartyKeys.Consignor("  "u8, "CN"u8));
        Assert.Equal(0UL, PartyKeys.Seller("   "u8));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 1, 19)]
    [InlineData(4, 10, 1, 3, 0.5, 9.5)]
    [InlineData(long.MaxValue, long.MaxValue, 7, 8, 1e-7, 123456.789)]
    public void Format_AnyHistory_ParsesBack(long sf, long sn, long cf, long cn, double a, double b)
    {
        var h = new RiskHistory(sf, sn, cf, cn, a, b);
        Span<byte> text = stackalloc byte[RiskHistory.MaxFormattedLength];
        int n = h.Format(text);
        Assert.True(RiskHistory.TryParse(text[..n], out RiskHistory back), Encoding.UTF8.GetString(text[..n]));
        Assert.Equal(h, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("seller=1/2;consignor=3/4")]
    [InlineData("seller=1/2;consignor=3/4;prior=1/x")]
    [InlineData("seller=1;consignor=3/4;prior=1/2")]
    public void TryParse_Malformed_ReturnsFalse(string text) => Assert.False(RiskHistory.TryParse(Encoding.UTF8.GetBytes(text), out _));
}
