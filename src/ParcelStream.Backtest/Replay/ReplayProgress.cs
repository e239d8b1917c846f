namespace ParcelStream.Backtest.Replay;

/// <summary>How far a replay has come.</summary>
/// <param name="BytesDone">Bytes of the file whose manifests are decided and written.</param>
/// <param name="BytesTotal">Size of the file.</param>
/// <param name="Records">Records decided so far.</param>
public readonly record struct ReplayProgress(long BytesDone, long BytesTotal, long Records);
