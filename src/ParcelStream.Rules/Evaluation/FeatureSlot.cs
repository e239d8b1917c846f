using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// One field whose keyword or prefix matches are computed once per evaluation (per line for item fields): a keyword
/// slot gives (contains, only) masks over its keyword sets, a prefix slot gives the mask of prefix sets matched, a table
/// slot gives the row of a reference table for the line's HS code (so that rules comparing with it share one lookup).
/// </summary>
internal sealed class FeatureSlot(FieldRef field, KeywordAutomaton? keywords, ByteTrie? prefixes, ReferenceTable? table)
{
    /// <summary>Gets the field.</summary>
    public FieldRef Field { get; } = field;

    /// <summary>Gets the keyword automaton (keyword slots).</summary>
    public KeywordAutomaton? Keywords { get; } = keywords;

    /// <summary>Gets the prefix trie (prefix slots).</summary>
    public ByteTrie? Prefixes { get; } = prefixes;

    /// <summary>Computes the slot's two words.</summary>
    /// <param name="value">The field's value.</param>
    /// <param name="scratch">Scratch space for the automaton.</param>
    /// <param name="second">Word 1.</param>
    /// <returns>Word 0.</returns>
    public ulong Compute(ReadOnlySpan<byte> value, Span<int> scratch, out ulong second)
    {
        if (Keywords is not null)
        {
            return Keywords.Scan(value, scratch, out second);
        }

        second = 0;
        return table is not null ? (ulong)(long)table.Row(value) : Prefixes!.Match(value);
    }
}
