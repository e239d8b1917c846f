namespace ParcelStream.Rules.Evaluation;

/// <summary>A value in force from one instant (inclusive) until another (exclusive), UTC milliseconds.</summary>
/// <param name="FromMillis">Start.</param>
/// <param name="UntilMillis">End, exclusive.</param>
/// <param name="Value">The value.</param>
internal readonly record struct ThresholdPeriod(long FromMillis, long UntilMillis, double Value);
