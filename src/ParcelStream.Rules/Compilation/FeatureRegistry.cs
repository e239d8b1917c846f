using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Compilation;

/// <summary>
/// Gathers the keyword and prefix sets conditions use, per field, so that each field is scanned once per evaluation
/// (one automaton or trie per field over every set used on it) and each condition tests one bit.
/// </summary>
internal sealed class FeatureRegistry
{
    private readonly List<SlotBuilder> _manifest = [];
    private readonly List<SlotBuilder> _item = [];

    /// <summary>Registers a set used on a field.</summary>
    /// <param name="field">The field.</param>
    /// <param name="keywords">True for a keyword set, false for a prefix set.</param>
    /// <param name="key">Identity of the set ("@list" or the inline values), so a set used twice takes one bit.</param>
    /// <param name="patterns">The folded keywords or the prefixes.</param>
    /// <returns>Where the condition finds its bit, and the bit.</returns>
    public (FeatureSlotRef Slot, ulong Bit) Register(FieldRef field, bool keywords, string key, IReadOnlyList<byte[]> patterns)
    {
        List<SlotBuilder> slots = field.IsItem ? _item : _manifest;
        int index = slots.FindIndex(s => s.Table is null && s.Keywords == keywords && s.Field.IsItem == field.IsItem && s.Field.Path == field.Path);
        if (index < 0)
        {
            index = slots.Count;
            slots.Add(new SlotBuilder(field, keywords, null));
        }

        SlotBuilder slot = slots[index];
        int set = slot.Keys.IndexOf(key);
        if (set < 0)
        {
            set = slot.Keys.Count;
            slot.Keys.Add(key);
            slot.Sets.Add(patterns);
        }

        return (new FeatureSlotRef(field.IsItem, index), set < KeywordAutomaton.MaxSets ? 1UL << set : 0);
    }

    /// <summary>Registers a reference table, whose row for each goods line is then looked up once per evaluation.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The item slot whose word 0 holds the line's row (all ones for none).</returns>
    public FeatureSlotRef RegisterTable(ReferenceTable table)
    {
        int index = _item.FindIndex(s => s.Table == table);
        if (index < 0)
        {
            index = _item.Count;
            _item.Add(new SlotBuilder(FieldRef.Of(ItemField.HsCode), false, table));
        }

        return new FeatureSlotRef(true, index);
    }

    /// <summary>Builds the automata and tries.</summary>
    /// <param name="error">Set when a field has more sets than fit a mask.</param>
    /// <returns>The manifest slots and the item slots.</returns>
    public (FeatureSlot[] Manifest, FeatureSlot[] Item) Build(out string? error)
    {
        error = _manifest.Concat(_item).FirstOrDefault(s => s.Sets.Count > KeywordAutomaton.MaxSets) is { } full
            ? $"field {full.Field.Path} uses more than {KeywordAutomaton.MaxSets} different {(full.Keywords ? "keyword" : "prefix")} sets; merge some lists"
            : null;
        return error is null ? ([.. _manifest.Select(Build)], [.. _item.Select(Build)]) : ([], []);
    }

    private static FeatureSlot Build(SlotBuilder slot)
    {
        if (slot.Table is not null)
        {
            return new FeatureSlot(slot.Field, null, null, slot.Table);
        }

        if (slot.Keywords)
        {
            return new FeatureSlot(slot.Field, new KeywordAutomaton(slot.Sets), null, null);
        }

        var entries = new List<(byte[], ulong, int)>();
        for (int s = 0; s < slot.Sets.Count; s++)
        {
            entries.AddRange(slot.Sets[s].Select(p => (p, 1UL << s, -1)));
        }

        return new FeatureSlot(slot.Field, null, new ByteTrie(entries), null);
    }

    private sealed class SlotBuilder(FieldRef field, bool keywords, ReferenceTable? table)
    {
        public ReferenceTable? Table { get; } = table;

        public FieldRef Field { get; } = field;

        public bool Keywords { get; } = keywords;

        public List<string> Keys { get; } = [];

        public List<IReadOnlyList<byte[]>> Sets { get; } = [];
    }
}
