using ParcelStream.Rules.Screening;

namespace ParcelStream.DevTools.Generation;

/// <summary>
/// Denied-party names for synthetic risky parcels. Taken from the rule pack's watch lists (rules/default) when one
/// is found, else from built-in names that are invented and belong to no real person or company.
/// </summary>
internal static class WatchList
{
    /// <summary>Invented names (with the country they are listed under) used when no rule pack with a watch list is found.</summary>
    public static readonly WatchListEntry[] BuiltIn =
    [
        new("Volkov Dual-Use Components LLC", "RU"),
        new("Kestrel Aerotech Supplies Limited", "HK"),
        new("Golden Crescent Logistics FZE", "AE"),
        new("Zhōu Hǎi Precision Machinery Co., Ltd.", "CN"),
        new("Sergej Dragunović", "RS"),
        new("Nordstrand Maritime Holding AS", "NO"),
        new("Şahin Özdemir Dış Ticaret Ltd. Şti.", "TR"),
        new("Al-Nūr General Trading Company", "IR"),
    ];

    /// <summary>
    /// Takes the parties of a rule pack's watch lists, read by the pack's own loader, so the generator plants exactly the
    /// names the rules screen for; the built-in names when there is no pack or its lists are empty.
    /// </summary>
    /// <param name="rulesDirectory">A rule pack directory, or null to look for rules/default from the working directory (then the program's) up.</param>
    /// <param name="source">Where the names came from: the pack directory, or "built-in".</param>
    /// <returns>The parties, at least 3 characters long, one per name; the first listed country places a party.</returns>
    /// <exception cref="ParcelStream.Rules.RulePackException">The pack is invalid.</exception>
    public static WatchListEntry[] Load(string? rulesDirectory, out string source)
    {
        string? directory = rulesDirectory ?? Find();
        if (directory is not null && File.Exists(Path.Combine(directory, "pack.yaml")))
        {
            WatchListEntry[] entries = [.. PackWatchLists.Read(directory)
                .Where(p => p.Name.Length >= 3)
                .DistinctBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new WatchListEntry(p.Name, p.Countries.Count > 0 ? p.Countries[0] : null))];
            if (entries.Length > 0)
            {
                source = Path.GetFullPath(directory);
                return entries;
            }
        }

        source = "built-in";
        return BuiltIn;
    }

    private static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string rules = Path.Combine(dir.FullName, "rules", "default");
                if (File.Exists(Path.Combine(rules, "pack.yaml")))
                {
                    return rules;
                }
            }
        }

        return null;
    }
}
