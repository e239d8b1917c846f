using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>A manifest one pack inspects and the other does not.</summary>
/// <param name="Record">Record index in the file, from 0.</param>
/// <param name="ManifestId">The manifest's id.</param>
/// <param name="Before">Outcome under the baseline pack.</param>
/// <param name="After">Outcome under the candidate pack.</param>
public sealed record InspectionChange(long Record, string ManifestId, Outcome Before, Outcome After);
