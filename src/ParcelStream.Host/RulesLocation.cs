namespace ParcelStream.Host;

/// <summary>Finds the rule pack: the path given, else rules/default in the working directory, else next to the program.</summary>
internal static class RulesLocation
{
    public const string DefaultRelative = "rules/default";

    public static string Resolve(string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return Path.GetFullPath(given);
        }

        string local = Path.GetFullPath(DefaultRelative);
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, DefaultRelative);
    }
}
