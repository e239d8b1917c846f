namespace ParcelStream.Codec.Manifest;

/// <summary>How a manifest or item field is stored in a <see cref="ManifestView"/>.</summary>
public enum FieldKind : byte
{
    /// <summary>A UTF-8 string that is always present (possibly empty).</summary>
    String,

    /// <summary>A UTF-8 string that may be null.</summary>
    NullableString,

    /// <summary>A 32-bit integer, read as a long.</summary>
    Int,

    /// <summary>A 64-bit integer.</summary>
    Long,

    /// <summary>An enum symbol index, read as a long.</summary>
    Enum,
}
