using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>
/// Trains the risk model: ML.NET's FastTree gradient-boosted trees (binary, weighted, numerical splits only) with its
/// Platt calibration, validated on the last days (trained on the earlier days with their own norms, scored on the later
/// ones), then by default retrained on all days for the artifact, and converted into the engine's <see cref="TreeEnsemble"/>.
/// </summary>
public sealed class ModelTrainer
{
    private readonly TrainingOptions _options;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a trainer.</summary>
    /// <param name="options">The trees' settings and the validation.</param>
    /// <param name="clock">The clock the version and training time come from; the system clock when null.</param>
    public ModelTrainer(TrainingOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Trains, validates and builds the artifact.</summary>
    /// <param name="data">The examples (<see cref="TrainingDataReader.Read"/>).</param>
    /// <param name="progress">Receives the training and validation progress; may be null.</param>
    /// <returns>The model, with metrics named auc, auc_weighted, lift_top1, lift_top2, base_rate, mean_predicted, validation_days, examples and labelled.</returns>
    /// <exception cref="InvalidDataException">The training days' examples are of one class only.</exception>
    public TrainingOutcome Train(TrainingData data, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        DateTimeOffset trainedAt = _clock.GetUtcNow();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["examples"] = data.Parcels,
            ["labelled"] = data.Labelled,
            ["validation_days"] = data.ValidationDays,
        };
        bool retrain = data.Validating is null || _options.RetrainOnAllDays;
        int models = (data.Validating is null ? 0 : 1) + (retrain ? 1 : 0);
        progress?.Report(new TrainingProgress(TrainingStage.Training, 0, models));
        ValidationReport? report = null;
        FittedModel? validated = null;
        if (data.Validating is { } v)
        {
            int first = data.FirstValidationDayNumber;
            int[] training = [.. Enumerable.Range(0, v.Count).Where(i => v.Days[i] < first)];
            int[] held = [.. Enumerable.Range(0, v.Count).Where(i => v.Days[i] >= first)];
            validated = Fit(v, training);
            progress?.Report(new TrainingProgress(TrainingStage.Training, 1, models));
            report = Validate(new RiskModel("validation", trainedAt, v.Norms, validated.Trees, validated.PlattSlope, validated.PlattOffset), v, held, data.ValidationDays, progress);
            metrics["auc"] = report.Auc;
            metrics["auc_weighted"] = report.AucWeighted;
            metrics["lift_top1"] = report.LiftTop1;
            metrics["lift_top2"] = report.LiftTop2;
            metrics["base_rate"] = report.BaseRate;
            metrics["mean_predicted"] = report.MeanPredicted;
        }

        FittedModel final = retrain ? Fit(data.All, [.. Enumerable.Range(0, data.All.Count)]) : validated!;
        FeatureNorms norms = retrain ? data.All.Norms : data.Validating!.Norms;
        progress?.Report(new TrainingProgress(TrainingStage.Training, models, models));
        string version = string.Create(CultureInfo.InvariantCulture, $"{trainedAt.UtcDateTime:yyyy-MM-dd'T'HHmm}Z-{final.Hash}");
        var model = new RiskModel(version, trainedAt, norms, final.Trees, final.PlattSlope, final.PlattOffset, metrics.Where(p => double.IsFinite(p.Value)).ToDictionary(StringComparer.Ordinal));
        return new TrainingOutcome(model, report);
    }

    /// <summary>Trains FastTree on some examples and converts the result.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="rows">Those to train on.</param>
    /// <returns>ML.NET's model and the engine's trees.</returns>
    /// <exception cref="InvalidDataException">The rows are of one class only.</exception>
    internal FittedModel Fit(ExampleSet examples, IReadOnlyList<int> rows)
    {
        int found = rows.Count(r => examples.Labels[r]);
        if (found == 0 || found == rows.Count)
        {
            throw new InvalidDataException($"The {rows.Count} training examples are all {(found == 0 ? "CLEAN" : "FOUND")}: a model needs both FOUND and CLEAN results.");
        }

        var ml = new MLContext(_options.Seed);
        IDataView data = ml.Data.LoadFromEnumerable(rows.Select(r => new ExampleRow { Features = examples.Row(r).ToArray(), Label = examples.Labels[r], Weight = examples.Weights[r] }));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(ExampleRow.Label),
            FeatureColumnName = nameof(ExampleRow.Features),
            ExampleWeightColumnName = nameof(ExampleRow.Weight),
            NumberOfTrees = _options.Trees,
            NumberOfLeaves = _options.Leaves,
            MinimumExampleCountPerLeaf = _options.MinExamplesPerLeaf,
            LearningRate = _options.LearningRate,
            CategoricalSplit = false,
            Seed = _options.Seed,
        });
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> fitted = trainer.Fit(data);
        (TreeEnsemble trees, string hash) = TreeConverter.Convert(fitted.Model.SubModel.TrainedTreeEnsemble, examples, rows);
        PlattCalibrator platt = fitted.Model.Calibrator;
        return new FittedModel(fitted, trees, platt.Slope, platt.Offset, hash);
    }

    private static ValidationReport Validate(RiskModel model, ExampleSet examples, int[] rows, int days, IProgress<TrainingProgress>? progress)
    {
        var scores = new double[rows.Length];
        var labels = new bool[rows.Length];
        var weights = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            scores[i] = model.Probability(examples.Row(rows[i]));
            labels[i] = examples.Labels[rows[i]];
            weights[i] = examples.Weights[rows[i]];
            if (i % 4096 == 0)
            {
                progress?.Report(new TrainingProgress(TrainingStage.Validation, i, rows.Length));
            }
        }

        progress?.Report(new TrainingProgress(TrainingStage.Validation, rows.Length, rows.Length));
        double baseRate = ValidationMetrics.Mean([.. labels.Select(l => l ? 1.0 : 0.0)], weights);
        return new ValidationReport(
            days,
            rows.Length,
            labels.Count(l => l),
            ValidationMetrics.Auc(scores, labels, []),
            ValidationMetrics.Auc(scores, labels, weights),
            ValidationMetrics.Lift(scores, labels, weights, 0.01),
            ValidationMetrics.Lift(scores, labels, weights, 0.02),
            baseRate,
            ValidationMetrics.Mean(scores, weights));
    }
}
