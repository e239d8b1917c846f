using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Screening;

namespace ParcelStream.Rules.Compilation;

/// <summary>What compiling a rule pack produces: the evaluation plan and what the pack says about itself.</summary>
internal sealed class PackContents
{
    public required string Directory { get; init; }

    public required string Version { get; init; }

    public required string Name { get; init; }

    public required CompiledRule[] Rules { get; init; }

    public required FeatureSlot[] ManifestSlots { get; init; }

    public required FeatureSlot[] ItemSlots { get; init; }

    public required double[] CurrencyScale { get; init; }

    public required double[] CurrencyRate { get; init; }

    public double BaseLogOdds { get; init; }

    public int ListCount { get; init; }

    public int WatchListEntryCount { get; init; }

    public IReadOnlyList<WatchListParty> WatchListParties { get; init; } = [];

    public Fiscal.FiscalSettings? Fiscal { get; init; }

    public IReadOnlyDictionary<string, Threshold> Thresholds { get; init; } = new Dictionary<string, Threshold>();

    /// <summary>Gets the learned risk model shipped with the pack (null: none, or mode off).</summary>
    public Learning.RiskModel? Model { get; init; }

    /// <summary>Gets what the pack does with a model (pack.yaml <c>model: mode:</c>).</summary>
    public Learning.ModelMode ModelMode { get; init; }
}
