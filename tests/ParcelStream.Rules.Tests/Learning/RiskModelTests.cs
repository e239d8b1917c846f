using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Learning;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests.Learning;

/// <summary>The learned model: features, trees, file format, and its part in the decision.</summary>
public sealed class RiskModelTests
{
    [Fact]
    public void Compute_CleanManifest_RatiosAgainstNormsAndHistoryMissing()
    {
        var harness = new RuleHarness();
        harness.Load(TestManifests.Clean());
        float[] f = new float[RiskFeatures.Count];
        RuleHarness.DefaultPack.ComputeModelFeatures(harness.View, default, TestModels.Norms(), f);

        Assert.Equal(47.97f, f[(int)RiskFeature.TotalValue], 3);
        Assert.Equal(0.85f, f[(int)RiskFeature.GrossWeightKg], 3);
        Assert.Equal(3, f[(int)RiskFeature.LineCount]);
        Assert.Equal(4, f[(int)RiskFeature.TotalQuantity]);
        Assert.Equal(851830, f[(int)RiskFeature.HsSubheading]);
        Assert.Equal(85, f[(int)RiskFeature.HsChapter]);
        Assert.Equal(0.04f, f[(int)RiskFeature.RouteFoundRate]);

        // Lowest line value per kg over its median: the cable, 5.98 EUR / 0.08 kg = 74.75 against 75.
        Assert.Equal(74.75f / 75f, f[(int)RiskFeature.ValuePerKgRatio], 3);
        Assert.Equal(RiskFeatures.Missing, f[(int)RiskFeature.SellerRisk]);
        Assert.Equal(RiskFeatures.Missing, f[(int)RiskFeature.OperatorFoundRate]);
        Assert.Equal(f[(int)RiskFeature.WordCount], f.AsSpan((int)RiskFeature.WordBucket0, RiskFeatures.WordBuckets).ToArray().Sum());
    }

    [Fact]
    public void Compute_SellerHistoryKnown_PosteriorAndCount()
    {
        var harness = new RuleHarness();
        harness.Load(TestManifests.Clean());
        float[] f = new float[RiskFeatures.Count];
        RuleHarness.DefaultPack.ComputeModelFeatures(harness.View, new RiskHistory(3, 4, 0, 2, 1, 19), TestModels.Norms(), f);

        Assert.Equal(4f / 24f, f[(int)RiskFeature.SellerRisk], 5);
        Assert.Equal(4, f[(int)RiskFeature.SellerInspected]);
        Assert.Equal(1f / 22f, f[(int)RiskFeature.ConsignorRisk], 5);
    }

    [Theory]
    [InlineData(0.2f, 0.5f, 3 + 2)]
    [InlineData(0.2f, RiskFeatures.Missing, 3 - 0.5)]
    [InlineData(1.0f, 0.5f, -1 + 2)]
    [InlineData(1.0f, 0.1f, -1 - 0.5)]
    public void Margin_HandBuiltTrees_SumOfOneLeafPerTree(float ratio, float sellerRisk, double expected)
    {
        float[] f = new float[RiskFeatures.Count];
        f[(int)RiskFeature.ValuePerKgRatio] = ratio;
        f[(int)RiskFeature.SellerRisk] = sellerRisk;
        RiskModel model = TestModels.TwoTrees();

        Assert.Equal(expected, model.Trees.Margin(f), 10);
        Assert.Equal(expected - 2, model.LogOdds(f), 10);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void Margin_ChainTreesShallowAndDeeperThanTheCompleteLayout_SameAsWalkingTheSplits(int depth)
    {
        // A chain: split d sends values at or below d to leaf d, others on; two such trees and a one-leaf tree.
        var nodes = new List<TreeNode>();
        var leaves = new List<double>();
        var roots = new List<int>();
        for (int tree = 0; tree < 2; tree++)
        {
            roots.Add(nodes.Count);
            for (int d = 0; d < depth; d++)
            {
                int next = d == depth - 1 ? ~(leaves.Count + 1) : nodes.Count + 1;
                nodes.Add(new TreeNode(tree, d, ~leaves.Count, next));
                leaves.Add((tree * 100) + d);
                if (d == depth - 1)
                {
                    leaves.Add((tree * 100) + 99);
                }
            }
        }

        roots.Add(~leaves.Count);
        leaves.Add(0.5);
        var trees = new TreeEnsemble([.. nodes], new double[nodes.Count], [.. leaves], [.. roots], RiskFeatures.Count);

        float[] f = new float[RiskFeatures.Count];
        for (float x = -1; x <= depth + 1; x += 0.5f)
        {
            f[0] = x;
            f[1] = depth - x;
            double expected = Chain(x, 0) + Chain(depth - x, 100) + 0.5;
            Assert.Equal(expected, trees.Margin(f), 10);
            Assert.Equal(expected, trees.LeafValues(f), 10);
        }

        f[0] = float.NaN;
        Assert.Equal(99 + Chain(f[1], 100) + 0.5, trees.Margin(f), 10);

        double Chain(float value, double offset)
        {
            for (int d = 0; d < depth; d++)
            {
                if (value <= d)
                {
                    return offset + d;
                }
            }

            return offset + 99;
        }
    }

    [Fact]
    public void Contributions_AnyVector_SumToMarginMinusExpected()
    {
        RiskModel model = TestModels.TwoTrees();
        var random = new Random(5);
        for (int i = 0; i < 100; i++)
        {
            float[] f = new float[RiskFeatures.Count];
            f[(int)RiskFeature.ValuePerKgRatio] = (float)random.NextDouble();
            f[(int)RiskFeature.SellerRisk] = (float)random.NextDouble() - 0.3f;
            double[] c = new double[RiskFeatures.Count];
            double margin = model.Trees.Contributions(f, c);

            Assert.Equal(model.Trees.Margin(f), margin, 10);
            Assert.Equal(margin - model.Trees.Expected, c.Sum(), 10);
            Assert.Equal(2, c.Count(x => x != 0));
        }
    }

    [Fact]
    public void Serialize_ThenParse_SameScoresAndNorms()
    {
        RiskModel model = TestModels.TwoTrees();
        RiskModel read = RiskModelFile.Parse(RiskModelFile.Serialize(model), "test");

        Assert.Equal(model.Version, read.Version);
        Assert.Equal(model.Norms.Hs[851830], read.Norms.Hs[851830]);
        Assert.Equal(model.Norms.Routes, read.Norms.Routes);
        float[] f = new float[RiskFeatures.Count];
        foreach ((float ratio, float seller) in new[] { (0.1f, 0.9f), (0.3f, 0.2f), (0.31f, 0.21f), (5f, RiskFeatures.Missing) })
        {
            f[(int)RiskFeature.ValuePerKgRatio] = ratio;
            f[(int)RiskFeature.SellerRisk] = seller;
            Assert.Equal(model.Probability(f), read.Probability(f), 12);
        }
    }

    [Theory]
    [InlineData("{\"format\":\"other/1\"}", "format must be")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"format\":\"parcelstream-risk-model/1\",\"version\":\"v\",\"features\":[\"Weight\"],\"calibration\":{},\"norms\":{},\"trees\":{}}", "feature 0 is \"Weight\"")]
    [InlineData("{\"format\":\"parcelstream-risk-model/1\",\"version\":\"v\",\"features\":[\"TotalValue\"],\"calibration\":{},\"norms\":{},\"trees\":{\"roots\":[0],\"splits\":[[3,1,-1,-2]],\"splitValues\":[0],\"leaves\":[1,2]}}", "reads feature 3")]
    [InlineData("{\"format\":\"parcelstream-risk-model/1\",\"version\":\"v\",\"features\":[\"TotalValue\"],\"calibration\":{},\"norms\":{},\"trees\":{\"roots\":[0],\"splits\":[[0,1,0,-2]],\"splitValues\":[0],\"leaves\":[1,2]}}", "not after it")]
    public void Parse_InvalidModel_RejectedNamingTheSourceAndTheFault(string json, string expected)
    {
        RulePackException e = Assert.Throws<RulePackException>(() => RiskModelFile.Parse(Encoding.UTF8.GetBytes(json), "models/x.json"));

        RuleValidationError error = Assert.Single(e.Errors);
        Assert.Equal("models/x.json", error.File);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PackWithInvalidModelFile_PackRejectedWithTheFileName()
    {
        using TempPack pack = TempPack.CopyOfDefault();
        pack.Write(RiskModelFile.FileName, "{\"format\":\"parcelstream-risk-model/1\"}");

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        Assert.Contains(e.Errors, error => error.File.EndsWith(RiskModelFile.FileName, StringComparison.Ordinal) && error.Message.Contains("risk model", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_PackNamesMissingModelFile_PackRejected()
    {
        using TempPack pack = TempPack.CopyOfDefault();
        pack.Write("pack.yaml", File.ReadAllText(Path.Combine(pack.Directory, "pack.yaml")) + "\nmodel:\n  file: models/none.json\n");

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        Assert.Contains(e.Errors, error => error.Message.Contains("'models/none.json' not found", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, ModelMode.Active, true)]
    [InlineData("shadow", ModelMode.Shadow, true)]
    [InlineData("off", ModelMode.Off, false)]
    public void Load_PackWithModelFile_ModeFromPackYaml(string? mode, ModelMode expected, bool loaded)
    {
        using TempPack pack = WithModel(mode);

        RulePack loadedPack = RulePack.Load(pack.Directory);

        Assert.Equal(expected, loadedPack.ModelMode);
        Assert.Equal(loaded, loadedPack.Model is not null);
    }

    [Fact]
    public void Evaluate_ModelActive_UndervaluedParcelInspectedWithModelReasonsCleanOneReleased()
    {
        using TempPack pack = WithModel(null);
        var harness = new RuleHarness(RulePack.Load(pack.Directory));
        const double Cutoff = 0; // inspect from p = 0.5 up: the undervalued parcel's model log-odds are 3 - 0.5 - 2 = 0.5

        CustomsDecision clean = Decide(harness, TestManifests.Clean(), Cutoff);
        Assert.Equal(Outcome.Release, clean.Outcome);
        Assert.Equal("test-model-1", Encoding.UTF8.GetString(clean.ModelVersion));
        Assert.Equal(1 / (1 + Math.Exp(1 + 0.5 + 2)), clean.ModelScore, 10);

        CustomsDecision undervalued = Decide(harness, Undervalued(), Cutoff);
        Assert.Equal(Outcome.Inspect, undervalued.Outcome);
        Assert.Contains("MODEL_RISK:model.ValuePerKgRatio", RuleHarness.Reasons(undervalued));
        int reason = RuleHarness.Reasons(undervalued).ToList().IndexOf("MODEL_RISK:model.ValuePerKgRatio");
        Assert.StartsWith("value per kg 0.1x the median", Encoding.UTF8.GetString(undervalued.ReasonDetail(reason)), StringComparison.Ordinal);
        Assert.Equal(RiskFeatures.Count, undervalued.ModelFeatures.Length);
    }

    [Fact]
    public void Evaluate_ModelShadow_SameOutcomesAsRulesAloneAndScoreRecorded()
    {
        using TempPack shadow = WithModel("shadow");
        var withShadow = new RuleHarness(RulePack.Load(shadow.Directory));
        var rulesOnly = new RuleHarness();

        CustomsDecision a = Decide(withShadow, Undervalued(), 0);
        Outcome shadowOutcome = a.Outcome;
        double modelScore = a.ModelScore;
        IReadOnlyList<string> shadowReasons = RuleHarness.Reasons(a);
        CustomsDecision b = Decide(rulesOnly, Undervalued(), 0);

        Assert.Equal(b.Outcome, shadowOutcome);
        Assert.Equal(RuleHarness.Reasons(b), shadowReasons);
        Assert.Equal(1 / (1 + Math.Exp(-0.5)), modelScore, 10);
        Assert.True(double.IsNaN(b.ModelScore));
    }

    [Fact]
    public void Evaluate_SameManifestModelHistoryAndCutoff_SameDecisionAndReasons()
    {
        using TempPack pack = WithModel(null);
        var first = new RuleHarness(RulePack.Load(pack.Directory));
        var second = new RuleHarness(RulePack.Load(pack.Directory));
        var history = new RiskHistory(5, 6, 0, 0, 1, 19);

        CustomsDecision a = Decide(first, Undervalued(), 0.3, history);
        string expected = Describe(a);
        CustomsDecision b = Decide(second, Undervalued(), 0.3, history);

        Assert.Equal(expected, Describe(b));
        Assert.Contains("MODEL_RISK:model.SellerRisk", RuleHarness.Reasons(b));
    }

    [Fact]
    public void Evaluate_ModelActiveAfterWarmUp_AllocatesNothing()
    {
        using TempPack pack = WithModel(null);
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0, Capacity = { Share = 0.01 } });
        harness.Load(Undervalued());
        for (int i = 0; i < 100; i++)
        {
            harness.Decision.Reset();
            harness.Decision.RiskHistory = new RiskHistory(2, 3, 0, 0, 1, 19);
            harness.Engine.EvaluateWithCutoff(harness.View, harness.Decision, 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            harness.Decision.Reset();
            harness.Decision.RiskHistory = new RiskHistory(2, 3, 0, 0, 1, 19);
            harness.Engine.EvaluateWithCutoff(harness.View, harness.Decision, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Outcome.Inspect, harness.Decision.Outcome);
    }

    [Fact]
    public void WithModel_NewModel_ScoresWithItAndLeavesTheOriginal()
    {
        using TempPack pack = WithModel(null);
        RulePack original = RulePack.Load(pack.Directory);
        RiskModel next = TestModels.TwoTrees("test-model-2");

        RulePack swapped = original.WithModel(next);
        CustomsDecision d = Decide(new RuleHarness(swapped), TestManifests.Clean(), 0);

        Assert.Equal("test-model-2", Encoding.UTF8.GetString(d.ModelVersion));
        Assert.Equal("test-model-1", original.Model!.Version);
        Assert.Equal(original.Version, swapped.Version);
    }

    [Fact]
    public void SetModel_PackWithoutModel_UsedAndKeptAcrossAPackReloadOverThePacksOwnFile()
    {
        using TempPack pack = TempPack.CopyOfDefault();
        var engine = new RuleEngine(RulePack.Load(pack.Directory), new RuleEngineOptions { WatchForChanges = false });

        Assert.True(engine.SetModel(TestModels.TwoTrees("from-topic")));
        Assert.Equal("from-topic", engine.Current.Model?.Version);

        // A pack change (here: a model file beside it) reloads the rules; the topic's model stays in use.
        pack.Write(RiskModelFile.FileName, Encoding.UTF8.GetString(RiskModelFile.Serialize(TestModels.TwoTrees("from-file"))));
        Assert.True(engine.TryReload(pack.Directory, out string? error), error);
        Assert.Equal("from-topic", engine.Current.Model?.Version);
    }

    [Fact]
    public void SetModel_PackModeOff_NotUsed()
    {
        using TempPack pack = WithModel("off");
        var engine = new RuleEngine(RulePack.Load(pack.Directory), new RuleEngineOptions { WatchForChanges = false });

        Assert.False(engine.SetModel(TestModels.TwoTrees("from-topic")));
        Assert.Null(engine.Current.Model);
    }

    private static TempPack WithModel(string? mode)
    {
        TempPack pack = TempPack.CopyOfDefault();
        pack.Write(RiskModelFile.FileName, Encoding.UTF8.GetString(RiskModelFile.Serialize(TestModels.TwoTrees())));
        if (mode is not null)
        {
            pack.Write("pack.yaml", File.ReadAllText(Path.Combine(pack.Directory, "pack.yaml")) + $"\nmodel:\n  mode: {mode}\n");
        }

        return pack;
    }

    /// <summary>The clean manifest with its headphones declared at a tenth of their value (lines and total still agree).</summary>
    private static ManifestRecord Undervalued()
    {
        ManifestRecord m = TestManifests.Clean();
        m.ManifestId = "MF-2026-11-18-000000002";
        long cut = m.Items[0].ValueMinor - (m.Items[0].ValueMinor / 10);
        m.Items[0].ValueMinor -= cut;
        m.TotalValueMinor -= cut;
        return m;
    }

    private static CustomsDecision Decide(RuleHarness harness, ManifestRecord record, double cutoff, RiskHistory history = default)
    {
        harness.Load(record);
        harness.Decision.Reset();
        harness.Decision.RiskHistory = history;
        harness.Engine.EvaluateWithCutoff(harness.View, harness.Decision, cutoff);
        return harness.Decision;
    }

    private static string Describe(CustomsDecision d) =>
        $"{d.Outcome} {d.RiskScore:R} {d.ModelScore:R} {Encoding.UTF8.GetString(d.ModelVersion)} " + string.Join("|", Enumerable.Range(0, d.ReasonCount).Select(i => Encoding.UTF8.GetString(d.ReasonRuleId(i)) + "=" + Encoding.UTF8.GetString(d.ReasonDetail(i))));
}
