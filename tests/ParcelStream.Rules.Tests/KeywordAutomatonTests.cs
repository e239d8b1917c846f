using System.Text;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Tests;

public sealed class KeywordAutomatonTests
{
    private static readonly KeywordAutomaton s_automaton = new(
    [
        new[] { "gift", "gifts", "as ordered", "see invoice", "parts" }.Select(TextFolder.Fold).ToArray(),
        new[] { "ivory", "rhino horn", "подарок", "1:1" }.Select(TextFolder.Fold).ToArray(),
    ]);

    [Theory]
    [InlineData("Gift", 0b01UL, 0b01UL)]
    [InlineData("  GIFTS, as   ordered!! ", 0b01UL, 0b01UL)]
    [InlineData("birthday gift", 0b01UL, 0UL)] // contains, but not only
    [InlineData("giftbox", 0UL, 0UL)] // not a whole word
    [InlineData("Carved Ivory and rhino-horn", 0b10UL, 0UL)]
    [InlineData("Подарок", 0b10UL, 0b10UL)] // Cyrillic, case-insensitive
    [InlineData("Watch 1:1 copy", 0b10UL, 0UL)]
    [InlineData("see invoice; gift", 0b01UL, 0b01UL)]
    [InlineData("see", 0UL, 0UL)]
    [InlineData("", 0UL, 0UL)]
    [InlineData("!!!", 0UL, 0UL)]
    public void Scan_Text_ReportsContainsAndOnly(string text, ulong contains, ulong only)
    {
        Span<int> scratch = stackalloc int[KeywordAutomaton.MaxSets];
        ulong found = s_automaton.Scan(Encoding.UTF8.GetBytes(text), scratch, out ulong onlyFound);
        Assert.Equal(contains, found);
        Assert.Equal(only, onlyFound);
    }

    [Theory]
    [InlineData("Müller-Lüdenscheidt GmbH", " muller ludenscheidt gmbh ")]
    [InlineData("O'Brien  &  Sons", " obrien sons ")]
    [InlineData("ÆSIR ØRSTED ß", " aesir orsted ss ")]
    [InlineData("", " ")]
    public void Fold_Text_LowerCasesRemovesDiacriticsAndCollapsesSeparators(string text, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(TextFolder.Fold(text)));
    }
}
