using ParcelStream.Rules;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>The rule pack's metrics, read from the <see cref="RuleEngine"/> at scrape time.</summary>
internal sealed class RuleMetrics
{
    private readonly Gauge _info;
    private readonly Gauge _rules;
    private readonly Gauge _loadedAt;
    private readonly Counter _reloads;
    private readonly Counter _reloadFailures;
    private readonly Gauge _modelInfo;
    private readonly Gauge _modelTrainedAt;
    private readonly Gauge _modelTrees;
    private readonly Gauge _modelBaseRate;
    private string? _version;
    private (string Version, string Mode)? _model;

    public RuleMetrics(IMetricFactory factory)
    {
        _info = factory.CreateGauge("parcelstream_rule_pack_info", "Always 1; the version label is the rule pack in use.", ["version"]);
        _rules = factory.CreateGauge("parcelstream_rule_pack_rules", "Rules in the rule pack in use.");
        _loadedAt = factory.CreateGauge("parcelstream_rule_pack_loaded_timestamp_seconds", "When the rule pack in use was loaded, Unix time.");
        _reloads = factory.CreateCounter("parcelstream_rule_pack_reloads_total", "Rule pack reloads that succeeded.");
        _modelInfo = factory.CreateGauge("parcelstream_model_info", "Always 1; the labels are the learned risk model in use and its mode (active, shadow); absent without a model.", ["version", "mode"]);
        _modelTrainedAt = factory.CreateGauge("parcelstream_model_trained_timestamp_seconds", "When the learned risk model in use was trained, Unix time (its age: time() minus this); 0 without a model.");
        _modelTrees = factory.CreateGauge("parcelstream_model_trees", "Trees in the learned risk model in use; 0 without a model.");
        _modelBaseRate = factory.CreateGauge("parcelstream_model_base_rate", "FOUND rate of the history the model in use was trained on (weighted like its training): what its scores should average near.");
        _reloadFailures = factory.CreateCounter("parcelstream_rule_pack_reload_failures_total", "Rule pack reloads rejected (invalid pack; the previous pack keeps running).");
    }

    public void Update(RuleEngine? engine)
    {
        if (engine is null)
        {
            return;
        }

        RulePack pack = engine.Current;
        if (pack.Version != _version)
        {
            if (_version is not null)
            {
                _info.RemoveLabelled(_version);
            }

            _version = pack.Version;
            _info.WithLabels(_version).Set(1);
        }

        _rules.Set(pack.RuleCount);
        UpdateModel(pack);
        _loadedAt.Set(pack.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
        _reloads.IncTo(engine.Reloads);
        _reloadFailures.IncTo(engine.ReloadFailures);
    }

    private void UpdateModel(RulePack pack)
    {
        (string Version, string Mode)? model = pack.Model is { } m ? (m.Version, pack.ModelMode.ToString().ToLowerInvariant()) : null;
        if (model != _model)
        {
            if (_model is { } old)
            {
                _modelInfo.RemoveLabelled(old.Version, old.Mode);
            }

            _model = model;
            if (model is { } now)
            {
                _modelInfo.WithLabels(now.Version, now.Mode).Set(1);
            }
        }

        _modelTrainedAt.Set(pack.Model is { } trained ? trained.TrainedAt.ToUnixTimeMilliseconds() / 1000.0 : 0);
        _modelTrees.Set(pack.Model?.Trees.TreeCount ?? 0);
        _modelBaseRate.Set(pack.Model?.Norms.BaseRate ?? 0);
    }
}
