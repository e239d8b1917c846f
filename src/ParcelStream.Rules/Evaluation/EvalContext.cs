using System.Runtime.CompilerServices;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Evaluation;

/// <summary>
/// The state of one evaluation, on the stack: the manifest, its date and currency, the goods line in scope, and the
/// features computed once per evaluation (keyword and prefix matches per field and line). Feature words: two per manifest
/// slot, two per item slot OR-ed over the lines, then two per item slot and line.
/// </summary>
internal ref struct EvalContext
{
    private readonly Span<ulong> _features;
    private readonly int _manifestSlots;
    private readonly int _itemSlots;

    public EvalContext(ManifestView manifest, double currencyScale, double currencyRate, Span<ulong> features, int manifestSlots, int itemSlots, RiskHistory history = default, CreatedAtWindow window = default)
    {
        CreatedAtOutOfRange = window.Judge(manifest.CreatedAtMillis);
        Manifest = manifest;
        History = history;
        CreatedAt = manifest.CreatedAtMillis;
        CurrencyScale = currencyScale;
        CurrencyRate = currencyRate;
        TotalValueMajor = manifest.TotalValueMinor / currencyScale;
        TotalValueInBase = TotalValueMajor / currencyRate;
        _features = features;
        _manifestSlots = manifestSlots;
        _itemSlots = itemSlots;
        Item = -1;
    }

    /// <summary>Gets the manifest.</summary>
    public ManifestView Manifest { get; }

    /// <summary>Gets the seller's and consignor's inspection history (default: none, every feedback feature NaN).</summary>
    public RiskHistory History { get; }

    /// <summary>Gets createdAt, UTC milliseconds: effective dates are judged against it.</summary>
    public long CreatedAt { get; }

    /// <summary>Gets createdAtOutOfRange: 1 when createdAt lies outside the window around the record's time, 0 inside, NaN when there is no record time.</summary>
    public double CreatedAtOutOfRange { get; }

    /// <summary>Gets what divides a minor-unit amount of the manifest's currency to give major units (10^exponent; NaN when the currency is unknown).</summary>
    public double CurrencyScale { get; }

    /// <summary>Gets the manifest currency's rate: units per one unit of the pack's base currency (NaN when unknown).</summary>
    public double CurrencyRate { get; }

    /// <summary>Gets totalValue in major units of the manifest's currency (NaN when the currency is unknown).</summary>
    /// <remarks>Computed once per evaluation: several rules compare it, each against a threshold of its own currency.</remarks>
    public double TotalValueMajor { get; }

    /// <summary>Gets <see cref="TotalValueMajor"/> divided by <see cref="CurrencyRate"/>: times a target rate, totalValue in that currency.</summary>
    public double TotalValueInBase { get; }

    /// <summary>Gets or sets the goods line in scope (-1 outside anyItem/allItems).</summary>
    public int Item { get; set; }

    /// <summary>Gets one word of a feature slot: for the current line when the slot is an item slot.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="word">0 or 1.</param>
    /// <returns>The bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Feature(in FeatureSlotRef slot, int word) => Feature(slot.IsItem, slot.Index, word);

    /// <summary>Gets one word of a feature slot given by its parts (for compiled programs, which pass them as constants).</summary>
    /// <param name="isItem">Whether an item slot (then the current line's word).</param>
    /// <param name="slot">Index among slots of its kind.</param>
    /// <param name="word">0 or 1.</param>
    /// <returns>The bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Feature(bool isItem, int slot, int word) => _features[FeatureIndex(isItem, slot, Item) + word];

    /// <summary>Gets one word of an item slot OR-ed over every goods line: a bit is set when some line has it.</summary>
    /// <param name="slot">An item slot.</param>
    /// <param name="word">0 or 1.</param>
    /// <returns>The bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong AnyItemFeature(in FeatureSlotRef slot, int word) => AnyItemFeature(slot.Index, word);

    /// <summary>Gets one word of an item slot OR-ed over every goods line, the slot given by its index.</summary>
    /// <param name="slot">Index among item slots.</param>
    /// <param name="word">0 or 1.</param>
    /// <returns>The bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong AnyItemFeature(int slot, int word) => _features[(2 * (_manifestSlots + slot)) + word];

    /// <summary>Sets the two words of a feature slot (and ORs an item slot's into its any-line words, which start at zero).</summary>
    /// <param name="isItem">Whether an item slot.</param>
    /// <param name="slot">Index among slots of its kind.</param>
    /// <param name="item">The line (item slots).</param>
    /// <param name="first">Word 0.</param>
    /// <param name="second">Word 1.</param>
    public readonly void SetFeature(bool isItem, int slot, int item, ulong first, ulong second)
    {
        int index = FeatureIndex(isItem, slot, item);
        _features[index] = first;
        _features[index + 1] = second;
        if (isItem)
        {
            int any = 2 * (_manifestSlots + slot);
            _features[any] |= first;
            _features[any + 1] |= second;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int FeatureIndex(bool isItem, int slot, int item) =>
        2 * (isItem ? _manifestSlots + ((item + 1) * _itemSlots) + slot : slot);
}
