using System.Text;
using ParcelStream.Rules.Screening;

namespace ParcelStream.Rules.Tests;

/// <summary>
/// A country with few keys is screened by verifying each key, one with many through the word index: both must find the
/// same parties. The large list has the small list's entries plus twelve more in DE, so DE goes through the index.
/// </summary>
public sealed class WatchListIndexTests
{
    private static readonly WatchListEntry[] s_entries =
    [
        new("Nordwind Dual-Use Trading GmbH", ["NW Dual Use Trading"], ["DE"], 2),
        new("Jürgen Schäfer Export", [], ["DE", "AT"], 3),
        new("Tropical Orchid Exports", [], [], 4),
    ];

    private static readonly string[] s_ignore = ["gmbh", "ltd", "co"];

    private static readonly WatchList s_few = new("few", s_entries, s_ignore);

    private static readonly WatchList s_many = new(
        "many",
        [.. s_entries, .. Enumerable.Range(0, 12).Select(i => new WatchListEntry($"Filler Holding Number{(char)('a' + i)} Trading", [], ["DE"], 10 + i))],
        s_ignore);

    [Theory]
    [InlineData("Nordwind Dual-Use Trading GmbH", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("Trading Nordwind Dual Use", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("Nordwnd Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("Nordwind Dual Use Tradnig", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("Xordwind Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("Ordwind Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("XNordwind Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("oNrdwind Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("NW Dual Use Trading Ltd", "DE", "Nordwind Dual-Use Trading GmbH")]
    [InlineData("JURGEN SCHAFER EXPORT", "DE", "Jürgen Schäfer Export")]
    [InlineData("Tropical Orchid Exports", "DE", "Tropical Orchid Exports")]
    [InlineData("Tropical Orchid Exports", "", "Tropical Orchid Exports")]
    public void Match_ManyOrFewKeysInCountry_FindsTheSameEntry(string name, string country, string expected)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        byte[] code = Encoding.ASCII.GetBytes(country);
        int few = s_few.Match(utf8, code);
        int many = s_many.Match(utf8, code);
        Assert.True(few >= 0 && many >= 0, $"{name} ({country}): few {few}, many {many}");
        Assert.Equal(expected, s_few.EntryName(few));
        Assert.Equal(expected, s_many.EntryName(many));
    }

    [Theory]
    [InlineData("Nordwind Dual-Use Trading GmbH", "FR")]
    [InlineData("Nordwind Dual-Use Trading GmbH", "")]
    [InlineData("Nrodwnd Dual Use Trading", "DE")]
    [InlineData("Nordwind Trading", "DE")]
    [InlineData("XYordwind Dual Use Trading", "DE")]
    [InlineData("Jürgen Müller", "DE")]
    [InlineData("Shenzhen Bright Trading Co., Ltd.", "CN")]
    public void Match_ManyOrFewKeysInCountry_BothFindNothing(string name, string country)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        byte[] code = Encoding.ASCII.GetBytes(country);
        Assert.Equal(-1, s_few.Match(utf8, code));
        Assert.Equal(-1, s_many.Match(utf8, code));
    }
}
