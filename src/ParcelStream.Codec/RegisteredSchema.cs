using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec;

/// <summary>A schema known to the local registry.</summary>
public sealed class RegisteredSchema
{
    /// <summary>Initializes a registered schema; computes its fingerprint.</summary>
    /// <param name="id">Confluent schema id, or -1 when it has none.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public RegisteredSchema(int id, AvroSchema schema, string source)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Id = id;
        Schema = schema;
        Source = source;
        CanonicalForm = schema.ToCanonicalForm();
        Fingerprint = SchemaFingerprint.Crc64(CanonicalForm);
    }

    /// <summary>Gets the Confluent schema id, or -1.</summary>
    public int Id { get; }

    /// <summary>Gets the schema.</summary>
    public AvroSchema Schema { get; }

    /// <summary>Gets where the schema was loaded from.</summary>
    public string Source { get; }

    /// <summary>Gets the Parsing Canonical Form.</summary>
    public string CanonicalForm { get; }

    /// <summary>Gets the CRC-64-AVRO fingerprint of the canonical form.</summary>
    public ulong Fingerprint { get; }
}
