using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec.Container;

namespace ParcelStream.Backtest.Replay;

/// <summary>What a replay reads (a container file or a message source), which packs decide, and where the decisions go.</summary>
public sealed class ReplayOptions
{
    /// <summary>Gets the Avro object container file of manifests to replay (or null with <see cref="MessageSource"/>).</summary>
    public string? InputPath { get; init; }

    /// <summary>Gets the messages to replay instead of a file, e.g. a Kafka topic range (owned by the caller), or null.</summary>
    public IReplayMessageSource? MessageSource { get; init; }

    /// <summary>Gets the packs: one, or two to compare (the first is the baseline, the second the candidate).</summary>
    public required IReadOnlyList<ReplayPack> Packs { get; init; }

    /// <summary>Gets, per pack, the file its decisions are written to (.jsonl or .avro), or null; missing entries mean none.</summary>
    public IReadOnlyList<string?> OutputPaths { get; init; } = [];

    /// <summary>Gets the number of worker threads that decode and decide; the output is the same for any number.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets the known inspection results of past parcels, or null.</summary>
    public InspectionResults? InspectionResults { get; init; }

    /// <summary>Gets the generator's ground truth (what it planted in each manifest), or null: the reports then show the release rate of clean parcels.</summary>
    public PlantedKinds? PlantedKinds { get; init; }

    /// <summary>Gets the inspection rate (0..1) at which the packs' expected hit rates are compared; null: the baseline's own INSPECT share.</summary>
    public double? InspectionRate { get; init; }

    /// <summary>Gets the inspection capacity as a share of parcels (0..1) the reports compare the inspection rate with, or null.</summary>
    public double? Capacity { get; init; }

    /// <summary>Gets the limits applied while reading the container file.</summary>
    public AvroContainerReaderOptions ContainerOptions { get; init; } = AvroContainerReaderOptions.Default;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(InputPath) == (MessageSource is null))
        {
            throw new ArgumentException("Give either InputPath (a container file) or MessageSource (e.g. a topic range) to replay, not both.", nameof(InputPath));
        }

        if (Packs is null || Packs.Count is < 1 or > 2)
        {
            throw new ArgumentException("Packs must hold one pack, or two to compare.", nameof(Packs));
        }

        if (OutputPaths.Count > Packs.Count)
        {
            throw new ArgumentException("OutputPaths has more entries than there are packs.", nameof(OutputPaths));
        }

        foreach (string? path in OutputPaths)
        {
            if (path is not null)
            {
                _ = DecisionFileWriter.FormatOf(path);
            }
        }

        if (Threads is < 1 or > 1024)
        {
            throw new ArgumentException($"Threads must be between 1 and 1024, not {Threads}.", nameof(Threads));
        }

        if (Threads != 1 && Packs.Any(p => p.Stateful))
        {
            throw new ArgumentException("Threads must be 1 when a pack runs the stateful stages: they need the manifests in file order.", nameof(Threads));
        }

        if (InspectionRate is { } rate && !(rate >= 0 && rate <= 1))
        {
            throw new ArgumentException($"InspectionRate must be between 0 and 1, not {rate}.", nameof(InspectionRate));
        }

        if (Capacity is { } capacity && !(capacity >= 0 && capacity <= 1))
        {
            throw new ArgumentException($"Capacity must be between 0 and 1 (a share of parcels), not {capacity}.", nameof(Capacity));
        }

        ArgumentNullException.ThrowIfNull(ContainerOptions);
        ContainerOptions.Validate();
    }

    /// <summary>Gets the output path of a pack, or null.</summary>
    /// <param name="pack">The pack's index.</param>
    /// <returns>The path, or null.</returns>
    internal string? OutputOf(int pack) => pack < OutputPaths.Count ? OutputPaths[pack] : null;
}
