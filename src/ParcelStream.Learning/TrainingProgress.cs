namespace ParcelStream.Learning;

/// <summary>How far one stage of training is.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in all (0 when not known yet).</param>
public readonly record struct TrainingProgress(TrainingStage Stage, long Done, long Total);
