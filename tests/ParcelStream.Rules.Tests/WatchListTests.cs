using System.Text;
using ParcelStream.Rules.Screening;

namespace ParcelStream.Rules.Tests;

public sealed class WatchListTests
{
    private static readonly WatchList s_list = new(
        "test",
        [
            new WatchListEntry("Nordwind Dual-Use Trading GmbH", ["NW Dual Use Trading"], ["DE"], 2),
            new WatchListEntry("Jürgen Schäfer Export", [], ["DE", "AT"], 3),
            new WatchListEntry("Kim Song Trading Corporation", [], ["KP"], 4),
            new WatchListEntry("Mehmet Yıldız Dış Ticaret", [], ["TR"], 5),
            new WatchListEntry("Tropical Orchid Exports", [], [], 6),
            new WatchListEntry("O'Brien Marine Supplies", [], ["IE"], 7),
        ],
        ["gmbh", "ltd", "corporation", "co"]);

    [Theory]
    [InlineData("Nordwind Dual-Use Trading GmbH", "DE", "Nordwind Dual-Use Trading GmbH")] // exact
    [InlineData("NORDWIND DUAL USE TRADING", "de", "Nordwind Dual-Use Trading GmbH")] // case, hyphen, legal form dropped
    [InlineData("Trading Nordwind Dual-Use", "DE", "Nordwind Dual-Use Trading GmbH")] // word order
    [InlineData("Nordwnd Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")] // deletion
    [InlineData("Nordwind Dual Use Tradnig", "DE", "Nordwind Dual-Use Trading GmbH")] // transposition
    [InlineData("Nordwind Dual Use Trqding", "DE", "Nordwind Dual-Use Trading GmbH")] // substitution
    [InlineData("Nordwindd Dual Use Trading", "DE", "Nordwind Dual-Use Trading GmbH")] // insertion
    [InlineData("NW Dual Use Trading Ltd", "DE", "Nordwind Dual-Use Trading GmbH")] // alias
    [InlineData("JURGEN SCHAFER EXPORT", "AT", "Jürgen Schäfer Export")] // diacritics, second country
    [InlineData("Schäfer, Jürgen (Export)", "DE", "Jürgen Schäfer Export")]
    [InlineData("J\u0075\u0308rgen Scha\u0308fer Export", "DE", "Jürgen Schäfer Export")] // decomposed input is folded alike
    [InlineData("mehmet yildiz dis ticaret", "TR", "Mehmet Yıldız Dış Ticaret")] // dotless i
    [InlineData("Tropical Orchid Exports", "BR", "Tropical Orchid Exports")] // entry without country matches anywhere
    [InlineData("OBrien Marine Supplies", "IE", "O'Brien Marine Supplies")] // apostrophe dropped
    // One edit that removes a letter the name has nowhere else: the letter pre-check must allow one missing letter a word.
    [InlineData("Nordwind Dual Use Tradinx", "DE", "Nordwind Dual-Use Trading GmbH")] // substitution (no g left)
    [InlineData("Nordwind Dual Use Tradin", "DE", "Nordwind Dual-Use Trading GmbH")] // deletion (no g left)
    [InlineData("Jürgen Schäfer Exporx", "AT", "Jürgen Schäfer Export")] // no t left, diacritics folded
    [InlineData("Mehmet Yildiz Dis Ticaeet", "TR", "Mehmet Yıldız Dış Ticaret")] // no r left
    public void Match_TolerableVariant_FindsTheEntry(string name, string country, string expected)
    {
        int entry = s_list.Match(Encoding.UTF8.GetBytes(name), Encoding.ASCII.GetBytes(country));
        Assert.True(entry >= 0, $"{name} ({country}) should match {expected}");
        Assert.Equal(expected, s_list.EntryName(entry));
    }

    [Theory]
    [InlineData("Nordwind Dual-Use Trading GmbH", "FR")] // other country
    [InlineData("Nordwind Dual-Use Trading GmbH", "")] // no country
    [InlineData("Nrodwnd Dual Use Trading", "DE")] // two typos in one word
    [InlineData("Nordwind Dual-Use Trading Berlin", "DE")] // extra word
    [InlineData("Nordwind Trading", "DE")] // missing word
    [InlineData("Kim Sonnng Trading", "KP")] // two edits in one word
    [InlineData("Kin Song Trading", "KP")] // three-letter word with a typo
    [InlineData("", "DE")]
    [InlineData("GmbH", "DE")] // only ignored words
    [InlineData("Shenzhen Bright Trading Co., Ltd.", "CN")]
    public void Match_DifferentParty_FindsNothing(string name, string country)
    {
        Assert.Equal(-1, s_list.Match(Encoding.UTF8.GetBytes(name), Encoding.ASCII.GetBytes(country)));
    }

    [Fact]
    public void Match_AfterWarmUp_AllocatesNothing()
    {
        byte[] name = Encoding.UTF8.GetBytes("JURGEN SCHAFER EXPORT");
        byte[] miss = Encoding.UTF8.GetBytes("Shenzhen Bright Trading Co., Ltd.");
        byte[] country = "DE"u8.ToArray();
        s_list.Match(name, country);
        s_list.Match(miss, country);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            s_list.Match(name, country);
            s_list.Match(miss, country);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("kitten", "sitten", true)]
    [InlineData("kitten", "kitte", true)]
    [InlineData("kitten", "kittens", true)]
    [InlineData("kitten", "iktten", true)]
    [InlineData("kitten", "sittin", false)]
    [InlineData("kitten", "kit", false)]
    [InlineData("abc", "abc", true)]
    public void OneEdit_Within_CountsOneEdit(string a, string b, bool expected)
    {
        Assert.Equal(expected, OneEdit.Within(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b)));
        Assert.Equal(expected, OneEdit.Within(Encoding.ASCII.GetBytes(b), Encoding.ASCII.GetBytes(a)));
    }
}
