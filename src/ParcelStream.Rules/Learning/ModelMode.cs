namespace ParcelStream.Rules.Learning;

/// <summary>What a rule pack does with its learned risk model (pack.yaml <c>model: mode:</c>).</summary>
public enum ModelMode
{
    /// <summary>The model ranks every parcel no rule forced, for capacity-matched selection (the default).</summary>
    Active,

    /// <summary>The model scores and its score and version are recorded, but the rules alone decide.</summary>
    Shadow,

    /// <summary>No model is loaded, even when the pack has one.</summary>
    Off,
}
