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

    [Fact]
    public void Scan_RandomDescriptions_AgreesWithWordByWordReference()
    {
        string[][] sets =
        [
            ["as ordered", "see invoice", "gift", "gifts", "birthday gift", "present", "spare parts", "parts", "e-commerce", "personal effects"],
            ["cocaine", "rhino horn", "pangolin", "pangolin scales", "tiger bone", "firearm", "firearms"],
            ["lithium battery", "lithium batteries", "li-ion battery", "power bank", "e-cigarette", "vape", "seeds", "live plant"],
            ["replica", "copy", "high copy", "aaa quality", "1:1", "knock-off", "inspired by", "подарок", "müller"],
        ];
        var automaton = new KeywordAutomaton(sets.Select(set => (IReadOnlyList<byte[]>)set.Select(TextFolder.Fold).ToArray()).ToArray());
        string[] pieces =
        [
            "gift", "gifts", "giftbox", "gif", "birthday", "present", "presents", "spare", "parts", "e-commerce", "e", "commerce",
            "personal", "effects", "cocaine", "rhino", "horn", "pangolin", "pangolins", "scales", "tiger", "bone", "firearm",
            "lithium", "battery", "batteries", "li-ion", "li", "ion", "power", "bank", "e-cigarette", "cigarette", "vape",
            "seeds", "live", "plant", "replica", "copy", "high", "aaa", "quality", "1:1", "1", "knock-off", "knockoff",
            "inspired", "by", "cotton", "t-shirt", "usb-c", "cable", "1m", "phone", "case", "Gíft", "GIFTÉ", "Müller", "MULLER",
            "Подарок", "подарки", "gi\u0301ft", "gift's", "'gift", "gi`ft", "ñandú", "ß", "日本", "см", "as", "ordered", "see",
            "invoice", "invoices",
        ];
        string[] separators = [" ", "  ", ", ", "!", " - ", "/", "\t", ";", "…", " — ", "(", ")", "'", "."];
        var random = new Random(20261123);
        Span<int> scratch = stackalloc int[KeywordAutomaton.MaxSets];
        var text = new StringBuilder();
        int onlyHits = 0;
        for (int n = 0; n < 20_000; n++)
        {
            text.Clear();
            text.Append(random.Next(4) == 0 ? separators[random.Next(separators.Length)] : "");
            int words = random.Next(1, 14);
            for (int w = 0; w < words; w++)
            {
                string piece = pieces[random.Next(pieces.Length)];
                foreach (char c in piece)
                {
                    text.Append(random.Next(3) == 0 ? char.ToUpperInvariant(c) : c);
                }

                text.Append(w < words - 1 || random.Next(4) == 0 ? separators[random.Next(separators.Length)] : "");
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(text.ToString());
            (ulong contains, ulong only) = Reference(sets, utf8);

            // Whatever an earlier scan left in the scratch space must not matter.
            for (int k = 0; k < scratch.Length; k++)
            {
                scratch[k] = random.Next(-3, 20);
            }

            ulong found = automaton.Scan(utf8, scratch, out ulong onlyFound);
            Assert.True(contains == found && only == onlyFound, $"'{text}': contains {found:x} (expected {contains:x}), only {onlyFound:x} (expected {only:x})");
            onlyHits += only != 0 ? 1 : 0;
        }

        Assert.InRange(onlyHits, 100, 19_000);
    }

    /// <summary>Contains and only, from the folded words: a set's phrase matches where its words occur in a row; only when matches chained by overlap or adjacency cover every word.</summary>
    private static (ulong Contains, ulong Only) Reference(string[][] sets, byte[] utf8)
    {
        byte[] folded = new byte[TextFolder.MaxFoldedLength(utf8.Length)];
        string[] words = Encoding.UTF8.GetString(folded, 0, TextFolder.Fold(utf8, folded)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ulong contains = 0;
        ulong only = 0;
        for (int s = 0; s < sets.Length; s++)
        {
            string[][] phrases = sets[s].Select(p => Encoding.UTF8.GetString(TextFolder.Fold(p)).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
            int covered = 0;
            for (int end = 1; end <= words.Length; end++)
            {
                foreach (string[] phrase in phrases)
                {
                    int start = end - phrase.Length;
                    if (start >= 0 && words.AsSpan(start, phrase.Length).SequenceEqual(phrase))
                    {
                        contains |= 1UL << s;
                        covered = start <= covered ? end : covered;
                    }
                }
            }

            only |= words.Length > 0 && covered == words.Length ? 1UL << s : 0;
        }

        return (contains, only);
    }
}
