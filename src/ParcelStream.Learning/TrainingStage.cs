namespace ParcelStream.Learning;

/// <summary>The steps of <c>model train</c>, in order, for progress displays.</summary>
public enum TrainingStage
{
    /// <summary>Reading the manifests and results, and indexing them (progress in bytes).</summary>
    Reading,

    /// <summary>Learning the feature norms (progress in parcels).</summary>
    Norms,

    /// <summary>Computing the labelled parcels' features (progress in parcels).</summary>
    Features,

    /// <summary>Training the trees (progress in models: the validation model, then the final one).</summary>
    Training,

    /// <summary>Scoring the held-back days (progress in examples).</summary>
    Validation,
}
