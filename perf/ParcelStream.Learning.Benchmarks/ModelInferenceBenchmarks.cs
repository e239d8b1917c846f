using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Learning.Tests.Support;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning.Benchmarks;

/// <summary>
/// The learned model's inference per manifest, on one 200-tree model trained in the setup (a synthetic history of
/// 20,000 parcels) and the same decoded manifests: (a) the engine's whole path, features from the decoded manifest
/// plus the calibrated log-odds; (b) the trees' margin alone on precomputed features; (c) ML.NET's PredictionEngine
/// (the same trees and calibration) on the same precomputed features. Each call covers <see cref="Manifests"/> manifests.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class ModelInferenceBenchmarks
{
    private const int Manifests = 1_024;

    private readonly ManifestView[] _views = new ManifestView[Manifests];
    private readonly float[][] _features = new float[Manifests][];
    private readonly ExampleRow[] _rows = new ExampleRow[Manifests];
    private readonly float[] _scratch = new float[RiskFeatures.Count];
    private readonly RiskHistory _history = new(1, 4, 0, 2, 1, 19);
    private RulePack _pack = null!;
    private RiskModel _model = null!;
    private PredictionEngine<ExampleRow, Prediction> _engine = null!;
    private Prediction _prediction = new();
    private SyntheticHistory _data = null!;

    /// <summary>Gets or sets the leaves per tree: the walked depth, and so the cost, grows with them.</summary>
    [Params(20, 8)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new SyntheticHistory(parcels: 20_000, days: 5);
        _pack = RulePack.Load(Path.Combine(AppContext.BaseDirectory, "rules", "default"));
        var options = new TrainingOptions { ManifestPaths = [_data.ManifestsPath], ResultPaths = [_data.ResultsPath], Trees = 200, Leaves = Leaves, ValidationDays = 0 };
        TrainingData data = TrainingDataReader.Read(options, _pack);
        FittedModel fitted = new ModelTrainer(options).Fit(data.All, [.. Enumerable.Range(0, data.All.Count)]);
        _model = new RiskModel("benchmark", DateTimeOffset.UnixEpoch, data.All.Norms, fitted.Trees, fitted.PlattSlope, fitted.PlattOffset);
        _engine = new MLContext(1).Model.CreatePredictionEngine<ExampleRow, Prediction>(fitted.Transformer);

        using AvroContainerFile file = AvroContainerFile.Open(_data.ManifestsPath);
        ManifestDecoder decoder = file.CreateManifestDecoder();
        for (int i = 0; i < Manifests && file.TryRead(out ReadOnlyMemory<byte> datum); i++)
        {
            // Each view keeps its own copy of the bytes: the file's buffer is reused.
            _views[i] = new ManifestView();
            if (decoder.DecodeDatum(datum.ToArray(), _views[i]).IsError)
            {
                throw new InvalidOperationException($"Manifest {i} does not decode.");
            }

            _features[i] = new float[RiskFeatures.Count];
            _pack.ComputeModelFeatures(_views[i], _history, _model.Norms, _features[i]);
            _rows[i] = new ExampleRow { Features = _features[i] };
        }


    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _data.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Manifests, Description = "features + log-odds")]
    public double FeaturesAndLogOdds()
    {
        double sum = 0;
        foreach (ManifestView view in _views)
        {
            _pack.ComputeModelFeatures(view, _history, _model.Norms, _scratch);
            sum += _model.LogOdds(_scratch);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Manifests, Description = "TreeEnsemble.Margin")]
    public double MarginOnly()
    {
        double sum = 0;
        foreach (float[] features in _features)
        {
            sum += _model.Trees.Margin(features);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Manifests, Description = "ML.NET PredictionEngine")]
    public double MlNetPredictionEngine()
    {
        double sum = 0;
        foreach (ExampleRow row in _rows)
        {
            _engine.Predict(row, ref _prediction);
            sum += _prediction.Probability;
        }

        return sum;
    }

    /// <summary>ML.NET's output columns.</summary>
    public sealed class Prediction
    {
        /// <summary>Gets or sets the thresholded label.</summary>
        public bool PredictedLabel { get; set; }

        /// <summary>Gets or sets the margin.</summary>
        public float Score { get; set; }

        /// <summary>Gets or sets the calibrated probability.</summary>
        public float Probability { get; set; }
    }
}
