using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Evaluation;

/// <summary>A manifest field or a field of the current goods line, resolved from its path at compile time.</summary>
internal readonly struct FieldRef
{
    private readonly byte _id;

    private FieldRef(bool isItem, byte id, FieldKind kind, string path)
    {
        IsItem = isItem;
        _id = id;
        Kind = kind;
        Path = path;
    }

    /// <summary>Gets a value indicating whether this is a field of the current goods line.</summary>
    public bool IsItem { get; }

    /// <summary>Gets how the field is stored.</summary>
    public FieldKind Kind { get; }

    /// <summary>Gets the path as written in the rule pack.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the field is a string.</summary>
    public bool IsString => Kind is FieldKind.String or FieldKind.NullableString;

    /// <summary>Gets the manifest field (when not an item field).</summary>
    public ManifestField ManifestField => (ManifestField)_id;

    /// <summary>Refers to a manifest field.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The reference.</returns>
    public static FieldRef Of(ManifestField field) => new(false, (byte)field, ManifestLayout.KindOf(field), ManifestLayout.PathOf(field));

    /// <summary>Refers to an item field.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The reference.</returns>
    public static FieldRef Of(ItemField field) => new(true, (byte)field, ManifestLayout.KindOf(field), "items." + ManifestLayout.NameOf(field));

    /// <summary>Gets the string value (empty for null).</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>UTF-8 bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> String(ref EvalContext ctx) =>
        IsItem ? ctx.Manifest.GetItemString(ctx.Item, (ItemField)_id) : ctx.Manifest.GetString((ManifestField)_id);

    /// <summary>Gets the numeric or enum value.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Number(ref EvalContext ctx) =>
        IsItem ? ctx.Manifest.GetItemInt64(ctx.Item, (ItemField)_id) : ctx.Manifest.GetInt64((ManifestField)_id);
}
