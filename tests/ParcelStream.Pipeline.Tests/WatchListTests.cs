using ParcelStream.Pipeline.Generation;

namespace ParcelStream.Pipeline.Tests;

public sealed class WatchListTests
{
    [Fact]
    public void Parse_Yaml_ReadsNamesAndCountries()
    {
        string[] lines =
        [
            "# denied parties",
            "entries:",
            "  - name: \"Volkov Dual-Use Components LLC\"",
            "    country: ru",
            "  - name: Kestrel Aerotech Supplies Limited",
        ];

        WatchListEntry[] entries = WatchList.Parse(lines, ".yaml");

        Assert.Equal([new WatchListEntry("Volkov Dual-Use Components LLC", "RU"), new WatchListEntry("Kestrel Aerotech Supplies Limited", null)], entries);
    }

    [Fact]
    public void Parse_CsvWithHeader_UsesTheNameAndCountryColumns()
    {
        string[] lines = ["id,name,country", "1,Golden Crescent Logistics FZE,AE", "2,Al-Nūr General Trading Company,IR"];

        WatchListEntry[] entries = WatchList.Parse(lines, ".csv");

        Assert.Equal([new WatchListEntry("Golden Crescent Logistics FZE", "AE"), new WatchListEntry("Al-Nūr General Trading Company", "IR")], entries);
    }

    [Fact]
    public void Parse_CsvWithQuotedCommaAndCountryLists_KeepsTheNameWholeAndTakesTheFirstCountry()
    {
        string[] lines =
        [
            "# SYNTHETIC list",
            "name,aliases,country",
            "Zhonghai Precision Components Ltd.,ZH Precision;Zhong Hai Precision,CN;HK",
            "\"Crescent Moon General Trading, FZE\",Crescent Moon Trading,AE",
            "Tropical Orchid Exports,,",
        ];

        WatchListEntry[] entries = WatchList.Parse(lines, ".csv");

        Assert.Equal(
            [new WatchListEntry("Zhonghai Precision Components Ltd.", "CN"), new WatchListEntry("Crescent Moon General Trading, FZE", "AE"), new WatchListEntry("Tropical Orchid Exports", null)],
            entries);
    }

    [Fact]
    public void Load_RepositoryRulePack_FindsTheDeniedPartyList()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !Directory.Exists(Path.Combine(root, "rules", "default")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.True(root is not null, "no rules/default above the test's folder");
        string[] files = Directory.GetFiles(Path.Combine(root, "rules", "default"), "*denied*");
        Assert.NotEmpty(files);

        WatchListEntry[] entries = WatchList.Load(files[0], out string source);

        Assert.Equal(files[0], source);
        Assert.True(entries.Length >= 5);
        Assert.DoesNotContain(entries, e => e.Name.StartsWith('#') || e.Name == "name");
    }

    [Fact]
    public void Parse_PlainText_OneNamePerLineSkippingCommentsAndDuplicates()
    {
        string[] lines = ["# list", "Sergej Dragunović", "", "Sergej Dragunović", "Nordstrand Maritime Holding AS"];

        WatchListEntry[] entries = WatchList.Parse(lines, ".txt");

        Assert.Equal(["Sergej Dragunović", "Nordstrand Maritime Holding AS"], entries.Select(e => e.Name));
    }

    [Fact]
    public void Load_MissingFile_FallsBackToBuiltInNames()
    {
        WatchListEntry[] entries = WatchList.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml"), out string source);

        Assert.Equal("built-in", source);
        Assert.Equal(WatchList.BuiltIn, entries);
    }
}
