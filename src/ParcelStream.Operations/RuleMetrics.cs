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
    private string? _version;

    public RuleMetrics(IMetricFactory factory)
    {
        _info = factory.CreateGauge("parcelstream_rule_pack_info", "Always 1; the version label is the rule pack in use.", ["version"]);
        _rules = factory.CreateGauge("parcelstream_rule_pack_rules", "Rules in the rule pack in use.");
        _loadedAt = factory.CreateGauge("parcelstream_rule_pack_loaded_timestamp_seconds", "When the rule pack in use was loaded, Unix time.");
        _reloads = factory.CreateCounter("parcelstream_rule_pack_reloads_total", "Rule pack reloads that succeeded.");
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
        _loadedAt.Set(pack.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
        _reloads.IncTo(engine.Reloads);
        _reloadFailures.IncTo(engine.ReloadFailures);
    }
}
