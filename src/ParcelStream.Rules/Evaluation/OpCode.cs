namespace ParcelStream.Rules.Evaluation;

/// <summary>What an <see cref="Instruction"/> tests: a leaf condition, or a step of an anyItem / allItems loop.</summary>
internal enum OpCode : byte
{
    /// <summary>A condition of a type the program has no case for, called virtually.</summary>
    Condition,

    /// <summary>A bit of a feature slot (containsWord, onlyWords, prefix).</summary>
    Feature,

    /// <summary>anyItem over a feature bit: the bit in the slot's words OR-ed over the lines.</summary>
    AnyItemFeature,

    /// <summary>equals / in on an enum field.</summary>
    EnumSet,

    /// <summary>in on a country-code field.</summary>
    CountrySet,

    /// <summary>equals on a string field.</summary>
    StringEquals,

    /// <summary>in on a string field.</summary>
    StringSet,

    /// <summary>present / missing.</summary>
    Presence,

    /// <summary>format.</summary>
    Format,

    /// <summary>gt / gte / lt / lte.</summary>
    Numeric,

    /// <summary>watchList.</summary>
    WatchList,

    /// <summary>Starts a loop over the lines: false when there is none, else the first line is in scope.</summary>
    ItemsBegin,

    /// <summary>Moves to the next line: false when there is none left.</summary>
    ItemsNext,
}
