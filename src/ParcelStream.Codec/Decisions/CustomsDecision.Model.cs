namespace ParcelStream.Codec.Decisions;

/// <content>The learned risk model a decision was scored with.</content>
public sealed partial class CustomsDecision
{
    private TextRange _modelVersion;
    private float[] _modelFeatures = [];
    private int _modelFeatureCount;

    /// <summary>Gets or sets the learned model's probability of FOUND (NaN when no model scored the manifest).</summary>
    public double ModelScore { get; set; } = double.NaN;

    /// <summary>Gets the version of the learned model that scored the manifest (empty when none).</summary>
    public ReadOnlySpan<byte> ModelVersion => Text(_modelVersion);

    /// <summary>Gets the feature vector the model scored (empty when none), for the decided record the trainer learns from.</summary>
    public ReadOnlySpan<float> ModelFeatures => _modelFeatures.AsSpan(0, _modelFeatureCount);

    /// <summary>Keeps a copy of the feature vector the model scored (the buffer grows once, then is reused).</summary>
    /// <param name="features">The vector.</param>
    public void SetModelFeatures(ReadOnlySpan<float> features)
    {
        if (_modelFeatures.Length < features.Length)
        {
            _modelFeatures = new float[features.Length];
        }

        features.CopyTo(_modelFeatures);
        _modelFeatureCount = features.Length;
    }

    /// <summary>Sets the model version.</summary>
    /// <param name="version">UTF-8 version.</param>
    public void SetModelVersion(ReadOnlySpan<byte> version) => _modelVersion = Append(version);

    private void ResetModel()
    {
        _modelVersion = default;
        _modelFeatureCount = 0;
        ModelScore = double.NaN;
    }
}
