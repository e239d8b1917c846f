namespace ParcelStream.Rules.Screening;

/// <summary>One party on a rule pack's watch list, as the pack's loader read it.</summary>
/// <param name="List">The watch list's name in pack.yaml (e.g. "denied-parties").</param>
/// <param name="Name">The party's primary name.</param>
/// <param name="Countries">ISO 3166-1 alpha-2 codes; empty for a party that matches in any country.</param>
public sealed record WatchListParty(string List, string Name, IReadOnlyList<string> Countries);
