namespace ParcelStream.Backtest.Feedback;

/// <summary>What the generator planted in a manifest, as far as replay needs it.</summary>
public enum PlantedKind
{
    /// <summary>No ground truth for the manifest.</summary>
    Unknown,

    /// <summary>The generator planted nothing (kind Clean).</summary>
    Clean,

    /// <summary>The generator planted a flaw or a risk.</summary>
    Planted,
}
