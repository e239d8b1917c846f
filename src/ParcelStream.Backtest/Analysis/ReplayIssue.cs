namespace ParcelStream.Backtest.Analysis;

/// <summary>A record of the history that could not be replayed.</summary>
/// <param name="Record">Record index in the input, from 0.</param>
/// <param name="Offset">File offset of the block holding it, or the message's offset in its partition.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ReplayIssue(long Record, long Offset, string Message);
