using ParcelStream.DevTools.Generation;
using ParcelStream.Rules;

namespace ParcelStream.DevTools.Tests;

// The file format (columns, quoting, country lists) is the rule pack's, read by Rules' own loader: these tests check
// what the generator takes from it.
public sealed class WatchListTests
{
    private const string PackYaml = """
        version: "test-1"
        currencies:
          base: EUR
          rates:
            EUR: { exponent: 2, rate: 1 }
        watchLists:
          parties:
            file: parties.csv
            nameColumn: name
            aliasesColumn: aliases
            countryColumn: country
            separator: ";"
        """;

    [Fact]
    public void Load_PackWithQuotedNamesAndCountryLists_TakesEachNameOnceWithItsFirstCountry()
    {
        string pack = WritePack(PackYaml, """
            name,aliases,country
            Zhonghai Precision Components Ltd.,ZH Precision;Zhong Hai Precision,CN;HK
            "Crescent Moon General Trading, FZE",Crescent Moon Trading,AE
            Tropical Orchid Exports,,
            Zhonghai Precision Components Ltd.,,DE
            Al,,IR
            """);
        try
        {
            WatchListEntry[] entries = WatchList.Load(pack, out string source);

            Assert.Equal(Path.GetFullPath(pack), source);
            Assert.Equal(
                [new WatchListEntry("Zhonghai Precision Components Ltd.", "CN"), new WatchListEntry("Crescent Moon General Trading, FZE", "AE"), new WatchListEntry("Tropical Orchid Exports", null)],
                entries);
        }
        finally
        {
            Directory.Delete(pack, recursive: true);
        }
    }

    [Fact]
    public void Load_RepositoryRulePack_TakesTheDeniedPartyList()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "rules", "default", "pack.yaml")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.True(root is not null, "no rules/default above the test's folder");
        string directory = Path.Combine(root, "rules", "default");

        WatchListEntry[] entries = WatchList.Load(directory, out string source);

        Assert.Equal(Path.GetFullPath(directory), source);
        Assert.True(entries.Length >= 5, $"{entries.Length} entries");
        Assert.DoesNotContain(entries, e => e.Name.StartsWith('#') || e.Name == "name");
        Assert.Contains(entries, e => e.Country is { Length: 2 });
    }

    [Fact]
    public void Load_DirectoryWithoutAPack_UsesTheBuiltInNames()
    {
        string empty = Directory.CreateTempSubdirectory("no-pack-").FullName;
        try
        {
            Assert.Same(WatchList.BuiltIn, WatchList.Load(empty, out string source));
            Assert.Equal("built-in", source);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Load_InvalidPack_ThrowsTheLoadersErrorNamingTheLine()
    {
        string pack = WritePack(PackYaml, "name,aliases,country\nGood Party,,DE\nBad Country,,Germany\n");
        try
        {
            RulePackException e = Assert.Throws<RulePackException>(() => WatchList.Load(pack, out _));
            Assert.Contains(e.Errors, x => x.File.EndsWith("parties.csv", StringComparison.Ordinal) && x.Line == 3);
        }
        finally
        {
            Directory.Delete(pack, recursive: true);
        }
    }

    private static string WritePack(string packYaml, string parties)
    {
        string directory = Directory.CreateTempSubdirectory("watch-pack-").FullName;
        File.WriteAllText(Path.Combine(directory, "pack.yaml"), packYaml);
        File.WriteAllText(Path.Combine(directory, "parties.csv"), parties);
        return directory;
    }
}
