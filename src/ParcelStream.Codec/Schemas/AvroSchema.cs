namespace ParcelStream.Codec.Schemas;

/// <summary>A parsed Avro schema node. Parse with <see cref="AvroSchemaParser"/>; immutable once parsed.</summary>
public abstract class AvroSchema
{
    private protected AvroSchema(AvroType type) => Type = type;

    /// <summary>Gets the type of this node.</summary>
    public AvroType Type { get; }

    /// <summary>Gets the logical type annotation (e.g. timestamp-millis), or null.</summary>
    public string? LogicalType { get; internal set; }

    /// <summary>Gets the full name for named types, else the primitive or complex type name.</summary>
    public abstract string DisplayName { get; }

    /// <summary>Gets the Parsing Canonical Form of this schema (Avro specification), which identifies it for resolution.</summary>
    /// <returns>The canonical JSON.</returns>
    public string ToCanonicalForm() => SchemaCanonicalForm.Write(this);

    /// <summary>Gets the CRC-64-AVRO fingerprint of the canonical form, as used by single-object encoding.</summary>
    /// <returns>The fingerprint.</returns>
    public ulong Fingerprint() => SchemaFingerprint.Crc64(SchemaCanonicalForm.Write(this));

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
