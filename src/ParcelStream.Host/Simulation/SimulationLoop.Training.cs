using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Learning;
using ParcelStream.Pipeline.Models;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Host.Simulation;

/// <content>Retraining inside the loop: the code of <c>model train</c> on the days so far, then a hot reload of the pack.</content>
internal sealed partial class SimulationLoop
{
    /// <summary>Tells whether a model is trained after <paramref name="day"/>, to decide the next day.</summary>
    private bool TrainingDue(int day)
    {
        int next = day + 1;
        return _settings.Learning && next < _settings.Days && next >= _settings.FirstTrainingDay && (next - _settings.FirstTrainingDay) % _settings.RetrainEveryDays == 0;
    }

    private void Retrain(int day, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The day just decided has almost no results yet (the office reports a day later): it would only dilute the
        // held-back day, so training reads the days before it.
        int last = _dayFiles.Count - 1;
        int first = _settings.TrainingWindowDays == 0 ? 0 : Math.Max(0, last - _settings.TrainingWindowDays);
        var options = new TrainingOptions
        {
            ManifestPaths = _dayFiles[first..last],
            ResultPaths = [ResultsPath],
            DecisionPaths = [SelectionsPath],
            Engine = new RuleEngineOptions { RandomSelectionRate = _settings.RandomRate, ExplorationRate = _settings.ExplorationRate },
            Trees = _settings.Trees,
            Leaves = _settings.Leaves,
            ValidationDays = last - first >= 3 ? 1 : 0,
            Seed = 1,
        };
        TrainingOutcome outcome;
        try
        {
            options.Validate();
            TrainingData data = TrainingDataReader.Read(options, _engine.Current);
            outcome = new ModelTrainer(options).Train(data);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            // Too few results yet (one class only): the rules (or the last model) decide the next day too.
            log.WriteLine($"         no model after day {day + 1}: {e.Message}");
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Published the way the trainer publishes in production: to the model topic, which the worker reads and swaps from.
        RiskModel model = outcome.Model;
        byte[] file = RiskModelFile.Serialize(model);
        File.WriteAllBytes(ModelPath, file);
        _producer.Produce(_modelTopic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(ModelOptions.RecordKey), Value = file });
        _producer.Flush(cancellationToken);
        WaitForModel(model.Version, cancellationToken);
        Models.Add((day + 1, model.Version, model.Metrics));
        string validated = outcome.Validation is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"held-back day: AUC {v.Auc:0.000}, lift top 1 % {v.LiftTop1:0.0}x")
            : "not validated (fewer than 3 days)";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"         model {model.Version} trained on days {first + 1}-{last} in {clock.Elapsed.TotalSeconds:0.0} s ({validated}); decides from day {day + 2}"));
    }

    private void WaitForModel(string version, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (_engine.Current.Model?.Version != version)
        {
            if (waited.Elapsed > s_reloadTimeout)
            {
                throw new TimeoutException($"the worker did not load model {version} within {s_reloadTimeout.TotalSeconds:0} s (rule pack reload failures: {_engine.ReloadFailures})");
            }

            Task.Delay(s_poll, cancellationToken).Wait(cancellationToken);
        }
    }
}
