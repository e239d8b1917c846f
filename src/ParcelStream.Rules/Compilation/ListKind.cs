namespace ParcelStream.Rules.Compilation;

/// <summary>Kinds of named reference list.</summary>
internal enum ListKind : byte
{
    /// <summary>ISO 3166-1 alpha-2 codes, for in on country fields.</summary>
    Countries,

    /// <summary>HS code prefixes (1 to 10 digits), for prefix.</summary>
    HsPrefixes,

    /// <summary>Words and phrases, for containsWord and onlyWords.</summary>
    Keywords,

    /// <summary>Any strings (trader ids, seller ids, names), for in.</summary>
    Strings,
}
