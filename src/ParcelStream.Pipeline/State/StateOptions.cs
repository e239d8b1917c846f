using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// Settings of the stateful stages (split shipments and duplicates), bound from <c>ParcelStream:State</c>
/// (environment: <c>PARCELSTREAM__STATE__...</c>). Off by default.
/// </summary>
public sealed class StateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:State";

    /// <summary>Gets or sets a value indicating whether the stateful stages run (repartition, stores, changelogs).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the application id that names the internal topics: <c>parcelstream.&lt;id&gt;.*</c>.</summary>
    public string ApplicationId { get; set; } = "parcelstream";

    /// <summary>Gets or sets the event-time window of the split-shipment check, in hours.</summary>
    public double WindowHours { get; set; } = SplitShipmentSettings.DefaultWindow.TotalHours;

    /// <summary>Gets or sets the most parcels kept per consignee in the window.</summary>
    public int MaxParcelsPerConsignee { get; set; } = 256;

    /// <summary>
    /// Gets or sets the rule-pack threshold per destination country (<c>EU</c> = the 27 member states), e.g.
    /// <c>ParcelStream:State:SplitThresholds:GB = gb-low-value</c>; the defaults when empty.
    /// </summary>
    public Dictionary<string, string> SplitThresholds { get; set; } = [];

    /// <summary>Gets or sets how long restoring the stores of newly assigned partitions may take, in milliseconds.</summary>
    public int RestoreTimeoutMs { get; set; } = 120_000;

    /// <summary>Gets the repartition topic (keyed by the consignee key).</summary>
    public string RepartitionTopic => StateTopics.Repartition(ApplicationId, "split");

    /// <summary>Gets the changelog topic of the split-shipment store.</summary>
    public string ChangelogTopic => StateTopics.Changelog(ApplicationId, SplitStoreName);

    /// <summary>The name of the split-shipment store.</summary>
    public const string SplitStoreName = "split-store";

    /// <summary>Builds the split-shipment settings.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its key.</exception>
    public SplitShipmentSettings ToSettings()
    {
        Validate();
        try
        {
            return new SplitShipmentSettings(TimeSpan.FromHours(WindowHours), SplitThresholds.Count == 0 ? null : SplitThresholds, MaxParcelsPerConsignee);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(SplitThresholds)}", ex.Message);
        }
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its key.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(ApplicationId) && ApplicationId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), nameof(ApplicationId), "must be letters, digits, '-' or '_'.");
        Require(WindowHours is > 0 and <= 24 * 366, nameof(WindowHours), "must be more than 0 and at most 8784 (a year).");
        Require(MaxParcelsPerConsignee is >= 2 and <= 4096, nameof(MaxParcelsPerConsignee), "must be 2 to 4096.");
        Require(RestoreTimeoutMs is >= 1_000 and <= 86_400_000, nameof(RestoreTimeoutMs), "must be 1,000 to 86,400,000 ms.");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new InvalidConfigurationException($"{SectionName}:{key}", message);
        }
    }
}
