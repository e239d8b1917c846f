using ParcelStream.Rules.Compilation;

namespace ParcelStream.Rules.Screening;

/// <summary>The parties on a rule pack's watch lists, read by the pack's own loader, for tools that need the names (the manifest generator).</summary>
public static class PackWatchLists
{
    /// <summary>Loads the pack in <paramref name="packDirectory"/> and returns every party of its watch lists, in list and file order.</summary>
    /// <param name="packDirectory">Directory holding pack.yaml.</param>
    /// <returns>The parties; empty when the pack has no watch list.</returns>
    /// <exception cref="RulePackException">The pack is invalid; its errors name file and line.</exception>
    public static IReadOnlyList<WatchListParty> Read(string packDirectory)
    {
        ArgumentNullException.ThrowIfNull(packDirectory);
        return PackCompiler.Compile(packDirectory).WatchListParties;
    }
}
