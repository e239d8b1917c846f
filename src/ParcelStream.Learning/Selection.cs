namespace ParcelStream.Learning;

/// <summary>Why an inspected parcel was picked, as far as the unbiased sample is concerned.</summary>
public enum Selection
{
    /// <summary>Not picked at random nor explored (a rule, the score, or unknown).</summary>
    Other,

    /// <summary>Picked by the engine's random selection (engine.random-selection).</summary>
    Random,

    /// <summary>Explored by an active learned model (engine.exploration).</summary>
    Exploration,
}
