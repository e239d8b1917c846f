namespace ParcelStream.Rules.Screening;

/// <summary>One party on a watch list as read from its file.</summary>
/// <param name="Name">Primary name.</param>
/// <param name="Aliases">Other names the party is known by.</param>
/// <param name="Countries">ISO 3166-1 alpha-2 codes; empty for a party that matches in any country.</param>
/// <param name="Line">Line of the file it came from.</param>
internal sealed record WatchListEntry(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Countries, int Line);
