using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// What the worker needs to run the stateful stages: the options, the split-shipment settings and the current rule
/// pack (its thresholds and currency rates). Checked at construction: a threshold the pack lacks stops start-up.
/// </summary>
public sealed class StatefulProcessing
{
    private readonly Func<RulePack> _pack;

    /// <summary>Initializes the stateful stages.</summary>
    /// <param name="options">The options (validated here).</param>
    /// <param name="pack">Gets the rule pack in force (hot reloads are followed).</param>
    /// <exception cref="InvalidConfigurationException">An option is invalid or names a threshold the pack does not define.</exception>
    public StatefulProcessing(StateOptions options, Func<RulePack> pack)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pack);
        Options = options;
        Settings = options.ToSettings();
        _pack = pack;
        RulePack current = pack();
        foreach ((string country, string threshold) in Settings.Thresholds)
        {
            if (!current.HasThreshold(threshold))
            {
                throw new InvalidConfigurationException($"{StateOptions.SectionName}:{nameof(StateOptions.SplitThresholds)}:{country}", $"threshold '{threshold}' is not defined by rule pack {current.Version}.");
            }
        }
    }

    /// <summary>Gets the options.</summary>
    public StateOptions Options { get; }

    /// <summary>Gets the split-shipment settings.</summary>
    public SplitShipmentSettings Settings { get; }

    /// <summary>Gets the rule pack in force.</summary>
    public RulePack Pack => _pack();
}
