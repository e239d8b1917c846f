namespace ParcelStream.Codec.Tests.Support;

/// <summary>Finds files of the repository (schemas/) from the test binaries' directory.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>Gets the schemas/ directory.</summary>
    public static string SchemaDirectory => Path.Combine(s_root.Value, "schemas");

    /// <summary>Reads a file of schemas/.</summary>
    public static string SchemaText(string fileName) => File.ReadAllText(Path.Combine(SchemaDirectory, fileName));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "schemas", "parcel-manifest.avsc")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No schemas/parcel-manifest.avsc above {AppContext.BaseDirectory}.");
    }
}
