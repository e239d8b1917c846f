namespace ParcelStream.Learning;

/// <summary>What an inspection result gets when its row does not say: the command's --inspector, --office and the time of the run.</summary>
/// <param name="Inspector">The officer or team id, or null to require it in every row.</param>
/// <param name="Office">The customs office code, or null.</param>
/// <param name="InspectedAtMillis">When the inspection was completed, UTC milliseconds.</param>
public sealed record InspectionDefaults(string? Inspector, string? Office, long InspectedAtMillis);
