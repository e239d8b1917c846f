using System.Text.RegularExpressions;

namespace ParcelStream.Pipeline.Generation;

/// <summary>
/// Denied-party names for synthetic risky parcels. Taken from the rule pack's watch list (rules/default/*watch*) when one
/// is found, else from built-in names that are invented and belong to no real person or company.
/// </summary>
internal static partial class WatchList
{
    /// <summary>Invented names (with the country they are listed under) used when no watch-list file is found.</summary>
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

    /// <summary>Loads names from <paramref name="path"/>, or from the first rules/default/*watch* or *denied* file found; the built-in names when none.</summary>
    /// <param name="path">An explicit file, or null to search.</param>
    /// <param name="source">The file used, or "built-in".</param>
    /// <returns>At least one entry.</returns>
    public static WatchListEntry[] Load(string? path, out string source)
    {
        string? file = path ?? Find();
        if (file is not null && File.Exists(file))
        {
            WatchListEntry[] entries = Parse(File.ReadAllLines(file), Path.GetExtension(file));
            if (entries.Length > 0)
            {
                source = file;
                return entries;
            }
        }

        source = "built-in";
        return BuiltIn;
    }

    /// <summary>Reads names from YAML (name:/country: keys or plain list items), CSV/TSV (first column, or the "name" column) or plain text (one per line).</summary>
    internal static WatchListEntry[] Parse(IEnumerable<string> lines, string extension)
    {
        var entries = new List<WatchListEntry>();
        bool yaml = extension is ".yaml" or ".yml";
        bool separated = extension is ".csv" or ".tsv";
        int nameColumn = 0;
        int countryColumn = -1;
        bool header = true;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (yaml)
            {
                Match name = YamlName().Match(line);
                if (name.Success)
                {
                    entries.Add(new WatchListEntry(Unquote(name.Groups[1].Value), null));
                    continue;
                }

                Match country = YamlCountry().Match(line);
                if (country.Success && entries.Count > 0 && entries[^1].Country is null)
                {
                    entries[^1] = entries[^1] with { Country = Unquote(country.Groups[1].Value).ToUpperInvariant() };
                }
                else if (line.StartsWith("- ", StringComparison.Ordinal) && !line.Contains(':', StringComparison.Ordinal))
                {
                    entries.Add(new WatchListEntry(Unquote(line[2..]), null));
                }

                continue;
            }

            if (separated)
            {
                string[] cells = SplitCells(line, extension == ".tsv" ? '\t' : ',');
                if (header)
                {
                    header = false;
                    int n = Array.FindIndex(cells, c => c.Trim().Equals("name", StringComparison.OrdinalIgnoreCase));
                    if (n >= 0)
                    {
                        nameColumn = n;
                        countryColumn = Array.FindIndex(cells, c => c.Trim().StartsWith("country", StringComparison.OrdinalIgnoreCase));
                        continue;
                    }
                }

                if (cells.Length > nameColumn)
                {
                    // Several countries are separated by ';': the first one places the synthetic party.
                    string? country = countryColumn >= 0 && cells.Length > countryColumn ? Unquote(cells[countryColumn]).Split(';')[0].Trim() : null;
                    entries.Add(new WatchListEntry(Unquote(cells[nameColumn]), country is { Length: 2 } ? country.ToUpperInvariant() : null));
                }

                continue;
            }

            entries.Add(new WatchListEntry(line, null));
        }

        return [.. entries.Where(e => e.Name.Length >= 3).DistinctBy(e => e.Name, StringComparer.Ordinal)];
    }

    private static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string rules = Path.Combine(dir.FullName, "rules", "default");
                if (Directory.Exists(rules))
                {
                    string? file = Directory.EnumerateFiles(rules, "*", SearchOption.AllDirectories)
                        .Where(f => Path.GetFileName(f).Contains("watch", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f).Contains("denied", StringComparison.OrdinalIgnoreCase))
                        .Order(StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (file is not null)
                    {
                        return file;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Splits one CSV line, keeping separators inside double quotes ("Crescent Moon General Trading, FZE").</summary>
    private static string[] SplitCells(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == separator && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'').Trim();

    [GeneratedRegex(@"^-?\s*name\s*:\s*(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlName();

    [GeneratedRegex(@"^-?\s*country(?:Code)?\s*:\s*(.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YamlCountry();
}
