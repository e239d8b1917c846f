namespace ParcelStream.Backtest.Replay;

/// <summary>What a pack's engine counted while matching INSPECTs to capacity (all zero, share null, when capacity was off).</summary>
/// <param name="Share">The default capacity share the engine selected to, or null when capacity was off.</param>
/// <param name="Forced">INSPECTs a rule forced.</param>
/// <param name="Random">INSPECTs random selection alone made.</param>
internal readonly record struct EngineCapacity(double? Share, long Forced, long Random);
