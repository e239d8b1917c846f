namespace ParcelStream.Rules.Tests.Support;

/// <summary>A rule pack written to a temporary directory, deleted on dispose.</summary>
internal sealed class TempPack : IDisposable
{
    public const string MinimalPackYaml = """
        version: "test-1"
        currencies:
          base: EUR
          rates:
            EUR: { exponent: 2, rate: 1 }
            USD: { exponent: 2, rate: 1.25 }
            JPY: { exponent: 0, rate: 160 }
        """;

    public TempPack(IReadOnlyDictionary<string, string> files)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ps-rules-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach ((string name, string text) in files)
        {
            Write(name, text);
        }
    }

    public string Directory { get; }

    /// <summary>A pack of pack.yaml (minimal unless given) and one rules file.</summary>
    public static TempPack WithRules(string rulesYaml, string? packYaml = null, string? listsYaml = null)
    {
        var files = new Dictionary<string, string> { ["pack.yaml"] = packYaml ?? MinimalPackYaml, ["rules.yaml"] = rulesYaml };
        if (listsYaml is not null)
        {
            files["lists.yaml"] = listsYaml;
        }

        return new TempPack(files);
    }

    /// <summary>A copy of the shipped default pack.</summary>
    public static TempPack CopyOfDefault()
    {
        var pack = new TempPack(new Dictionary<string, string>());
        foreach (string file in System.IO.Directory.GetFiles(RuleHarness.DefaultPackDirectory))
        {
            File.Copy(file, Path.Combine(pack.Directory, Path.GetFileName(file)));
        }

        return pack;
    }

    public void Write(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a watcher may still hold the directory for a moment.
        }
    }
}
