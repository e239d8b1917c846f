using System.Text.RegularExpressions;
using Microsoft.ML;
using ParcelStream.Learning.Tests.Support;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning.Tests;

public sealed partial class ModelTrainerTests : IClassFixture<ModelTrainerTests.Trained>
{
    private readonly Trained _trained;

    public ModelTrainerTests(Trained trained) => _trained = trained;

    [Fact]
    public void Fit_RandomVectors_ProbabilityEqualsMlNetPredictionEngine()
    {
        FittedModel fitted = _trained.Fitted;
        var model = new RiskModel("test", DateTimeOffset.UnixEpoch, FeatureNorms.Empty, fitted.Trees, fitted.PlattSlope, fitted.PlattOffset);
        var engine = new MLContext(1).Model.CreatePredictionEngine<ExampleRow, Prediction>(fitted.Transformer);
        var random = new Random(5);
        ExampleSet examples = _trained.Data.All;
        for (int i = 0; i < 300; i++)
        {
            // Half real examples with noise, half uniform: both sides of most thresholds, and missing values.
            float[] features = i % 2 == 0
                ? [.. examples.Row(random.Next(examples.Count)).ToArray().Select(v => random.Next(4) == 0 ? v * (float)(0.5 + random.NextDouble()) : v)]
                : [.. Enumerable.Range(0, RiskFeatures.Count).Select(_ => random.Next(5) == 0 ? RiskFeatures.Missing : (float)(random.NextDouble() * 100))];

            Prediction expected = engine.Predict(new ExampleRow { Features = features });

            Assert.Equal(expected.Score, fitted.Trees.Margin(features), 4);
            Assert.Equal(expected.Probability, model.Probability(features), 5);
        }
    }

    [Fact]
    public void Fit_Contributions_SumToTheMargin()
    {
        TreeEnsemble trees = _trained.Fitted.Trees;
        ExampleSet examples = _trained.Data.All;
        var contributions = new double[RiskFeatures.Count];
        for (int i = 0; i < examples.Count; i += 37)
        {
            Array.Clear(contributions);
            double margin = trees.Contributions(examples.Row(i), contributions);

            Assert.Equal(trees.Margin(examples.Row(i)), margin, 9);
            Assert.Equal(margin, trees.Expected + contributions.Sum(), 9);
        }

        Assert.Equal(200, trees.TreeCount);
    }

    [Fact]
    public void Train_SyntheticHistory_LearnsTheSignalAndReportsMetrics()
    {
        TrainingOutcome outcome = _trained.Outcome;
        RiskModel model = outcome.Model;

        Assert.NotNull(outcome.Validation);
        Assert.InRange(outcome.Validation.Auc, 0.85, 1);
        Assert.InRange(model.Metrics["lift_top2"], 3, 100);
        Assert.Equal(1, model.Metrics["validation_days"]);
        Assert.Equal(_trained.Data.Labelled, model.Metrics["labelled"]);
        Assert.Equal(3_000, model.Metrics["examples"]);
        foreach (string name in new[] { "auc", "auc_weighted", "lift_top1", "lift_top2", "base_rate", "mean_predicted" })
        {
            Assert.True(model.Metrics.ContainsKey(name), name);
        }

        Assert.Matches(VersionRegex(), model.Version);
        Assert.StartsWith("2026-12-08T0130Z-", model.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ModelFile_RoundTripScoresTheSame()
    {
        RiskModel model = _trained.Outcome.Model;
        RiskModel loaded = RiskModelFile.Parse(RiskModelFile.Serialize(model), "test");
        ExampleSet examples = _trained.Data.All;

        for (int i = 0; i < examples.Count; i += 11)
        {
            Assert.Equal(model.Probability(examples.Row(i)), loaded.Probability(examples.Row(i)), 12);
        }

        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(model.Norms.Words.Count, loaded.Norms.Words.Count);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{4}Z-[0-9a-f]{4}$")]
    private static partial Regex VersionRegex();

    /// <summary>One synthetic history, read and trained once for the class.</summary>
    public sealed class Trained : IDisposable
    {
        private readonly SyntheticHistory _history = new(parcels: 3_000, days: 5);

        public Trained()
        {
            var options = new TrainingOptions { ManifestPaths = [_history.ManifestsPath], ResultPaths = [_history.ResultsPath], ValidationDays = 1 };
            Data = TrainingDataReader.Read(options, Packs.Default);
            var trainer = new ModelTrainer(options, new FixedClock(new DateTimeOffset(2026, 12, 8, 1, 30, 12, TimeSpan.Zero)));
            Outcome = trainer.Train(Data);
            Fitted = trainer.Fit(Data.All, [.. Enumerable.Range(0, Data.All.Count)]);
        }

        internal TrainingData Data { get; }

        internal TrainingOutcome Outcome { get; }

        internal FittedModel Fitted { get; }

        public void Dispose() => _history.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Prediction
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
