namespace ParcelStream.Codec.Schemas;

/// <summary>An enum type.</summary>
public sealed class EnumSchema : NamedSchema
{
    internal EnumSchema(string fullName, IReadOnlyList<string> aliases, IReadOnlyList<string> symbols, string? defaultSymbol)
        : base(AvroType.Enum, fullName, aliases)
    {
        Symbols = symbols;
        DefaultSymbol = defaultSymbol;
    }

    /// <summary>Gets the symbols in index order.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Gets the symbol a reader uses for a writer symbol it does not know, or null.</summary>
    public string? DefaultSymbol { get; }

    /// <summary>Gets the index of <paramref name="symbol"/>, or -1.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The index or -1.</returns>
    public int IndexOf(string symbol)
    {
        for (int i = 0; i < Symbols.Count; i++)
        {
            if (Symbols[i] == symbol)
            {
                return i;
            }
        }

        return -1;
    }
}
