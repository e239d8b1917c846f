using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Models;

/// <summary>Where the worker reads learned risk models from (section <see cref="SectionName"/>).</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Model";

    /// <summary>The key every model record has: the topic is compacted to the latest model.</summary>
    public const string RecordKey = "risk-model";

    /// <summary>Gets or sets a value indicating whether the worker reads the model topic (false: only a model file beside the pack is used).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the compacted topic models are published to (<c>parcelstream model publish</c>).</summary>
    public string Topic { get; set; } = "parcels.models";

    /// <summary>Checks the options.</summary>
    /// <exception cref="InvalidConfigurationException">A value is invalid; the message names the key.</exception>
    public void Validate()
    {
        if (Enabled && string.IsNullOrWhiteSpace(Topic))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(Topic)}", "must name a topic when the model topic is read.");
        }
    }
}
