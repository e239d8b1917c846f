using ParcelStream.Learning.Tests.Support;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning.Tests;

public sealed class FeatureNormsBuilderTests
{
    private static readonly long s_t0 = SyntheticHistory.Start.ToUnixTimeMilliseconds();

    [Fact]
    public void Build_ThreeLines_MediansPerHs6InBaseCurrency()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { MinHsSamples = 1 });
        // 10, 20 and 40 EUR per kg; 1 kg each, 2 units each: 5, 10, 20 EUR per unit; 0.5 kg per unit.
        foreach (long cents in new long[] { 1_000, 4_000, 2_000 })
        {
            builder.Add(Manifests.View(Manifests.Parcel("M", s_t0, valueCents: cents, grams: 1_000, units: 2)), 0.01);
        }

        HsNorm norm = builder.Build().Hs[851830];

        Assert.Equal(20f, norm.ValuePerKg, 4);
        Assert.Equal(10f, norm.ValuePerUnit, 4);
        Assert.Equal(0.5f, norm.WeightPerUnit, 4);
        Assert.Equal(RiskFeatures.Missing, norm.FoundRate);
    }

    [Fact]
    public void Build_ManyLines_ReservoirBoundedAndMedianClose()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { ReservoirSize = 200 });
        for (int i = 1; i <= 10_000; i++)
        {
            builder.Add(Manifests.View(Manifests.Parcel("M", s_t0, valueCents: i, grams: 1_000)), 0.01);
        }

        // True median 50.005 EUR/kg; a 200-sample median is within a few percent.
        Assert.InRange(builder.Build().Hs[851830].ValuePerKg, 42f, 58f);
    }

    [Fact]
    public void Build_LabelledParcels_RatesSmoothedTowardsBaseRate()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { Smoothing = 10, MinWordInspections = 1, MinWordCount = 1 });
        // 851830: 3 of 4 FOUND; 950300: 0 of 4. Base rate 3/8.
        for (int i = 0; i < 4; i++)
        {
            builder.Add(Manifests.View(Manifests.Parcel("A" + i, s_t0, description: "headphones")), 0.01, found: i < 3);
            builder.Add(Manifests.View(Manifests.Parcel("B" + i, s_t0, hs: "950300", description: "toy")), 0.01, found: false);
        }

        FeatureNorms norms = builder.Build();

        Assert.Equal(3.0 / 8, norms.BaseRate, 9);
        Assert.Equal((float)((3 + (10 * 3.0 / 8)) / (4 + 10)), norms.Hs[851830].FoundRate, 5);
        Assert.Equal((float)((0 + (10 * 3.0 / 8)) / (4 + 10)), norms.Hs[950300].FoundRate, 5);
        Assert.Equal((float)((3 + (10 * 3.0 / 8)) / (8 + 10)), Assert.Single(norms.Routes).Value, 5);
        Assert.True(norms.Words.Values.Any(w => Math.Abs(w.FoundRate - ((3 + (10 * 3.0 / 8)) / (4 + 10))) < 1e-5));
    }

    [Fact]
    public void Build_Weights_CountAsThatManyParcels()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { Smoothing = 0 });
        builder.Add(Manifests.View(Manifests.Parcel("A", s_t0)), 0.01, found: true, weight: 3);
        builder.Add(Manifests.View(Manifests.Parcel("B", s_t0)), 0.01, found: false, weight: 1);

        Assert.Equal(0.75, builder.Build().BaseRate, 9);
    }

    [Theory]
    [InlineData(1, 5, 5, true)]
    [InlineData(5, 5, 5, true)]
    [InlineData(6, 5, 5, false)]
    [InlineData(1, 5, 6, false)]
    public void Build_Words_KeptWhenFrequentEnoughAndRatedWhenInspectedEnough(int minCount, int occurrences, int minInspections, bool rated)
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { MinWordCount = minCount, MinWordInspections = minInspections, MaxWords = 100 });
        for (int i = 0; i < occurrences; i++)
        {
            builder.Add(Manifests.View(Manifests.Parcel("A" + i, s_t0, description: "zebra")), 0.01, found: i == 0);
        }

        FeatureNorms norms = builder.Build();

        if (minCount > occurrences)
        {
            Assert.Empty(norms.Words);
            return;
        }

        WordNorm word = Assert.Single(norms.Words).Value;
        Assert.True(word.Has(85));
        Assert.False(word.Has(95));
        Assert.Equal(rated, word.FoundRate >= 0);
    }

    [Fact]
    public void Build_MoreWordsThanTheCap_KeepsTheMostFrequent()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { MinWordCount = 1, MaxWords = 2 });
        builder.Add(Manifests.View(Manifests.Parcel("A", s_t0, description: "alpha beta gamma")), 0.01);
        builder.Add(Manifests.View(Manifests.Parcel("B", s_t0, description: "alpha beta")), 0.01);
        builder.Add(Manifests.View(Manifests.Parcel("C", s_t0, description: "alpha")), 0.01);

        FeatureNorms norms = builder.Build();
        var features = new float[RiskFeatures.Count];
        RiskFeatures.Compute(Manifests.View(Manifests.Parcel("D", s_t0, description: "beta")), default, norms, 0.01, features);
        float beta = features[(int)RiskFeature.DescriptionFit];
        RiskFeatures.Compute(Manifests.View(Manifests.Parcel("D", s_t0, description: "gamma")), default, norms, 0.01, features);

        Assert.Equal(2, norms.Words.Count);
        Assert.Equal(1f, beta);
        Assert.Equal(RiskFeatures.Missing, features[(int)RiskFeature.DescriptionFit]);
    }

    [Fact]
    public void Add_MoreDistinctWordsThanTracked_ForgetsTheRarest()
    {
        var builder = new FeatureNormsBuilder(new FeatureNormsOptions { MinWordCount = 1, MaxWords = 10, MaxTrackedWords = 50 });
        for (int i = 0; i < 20; i++)
        {
            builder.Add(Manifests.View(Manifests.Parcel("A", s_t0, description: "common")), 0.01);
        }

        for (int i = 0; i < 200; i++)
        {
            builder.Add(Manifests.View(Manifests.Parcel("B", s_t0, description: "rare" + i)), 0.01);
        }

        FeatureNorms norms = builder.Build();
        var features = new float[RiskFeatures.Count];
        RiskFeatures.Compute(Manifests.View(Manifests.Parcel("D", s_t0, description: "common")), default, norms, 0.01, features);

        Assert.InRange(norms.Words.Count, 1, 10);
        Assert.Equal(1f, features[(int)RiskFeature.DescriptionFit]);
    }
}
