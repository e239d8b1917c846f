namespace ParcelStream.Backtest.Replay;

/// <summary>How far a replay has come.</summary>
/// <param name="Done">Bytes of the file (or messages of a message source) whose manifests are decided and written.</param>
/// <param name="Total">Size of the file (or the messages expected; 0 when unknown).</param>
/// <param name="Records">Records decided so far.</param>
public readonly record struct ReplayProgress(long Done, long Total, long Records);
