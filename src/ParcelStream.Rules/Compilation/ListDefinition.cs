namespace ParcelStream.Rules.Compilation;

/// <summary>A named reference list as read from its file.</summary>
internal sealed record ListDefinition(string Name, ListKind Kind, IReadOnlyList<string> Values, string File, int Line);
