namespace ParcelStream.Pipeline.Schemas;

/// <summary>What became of a schema id looked up in the Confluent Schema Registry.</summary>
public enum SchemaResolution
{
    /// <summary>The id decodes now.</summary>
    Resolved,

    /// <summary>The registry does not know the id: the message is dead-lettered with UnknownSchemaId.</summary>
    Unknown,

    /// <summary>The id names a schema that cannot be read as the expected record: the message is dead-lettered with SchemaMismatch.</summary>
    Incompatible,

    /// <summary>The worker stopped while the registry was unreachable: the message is left unacknowledged, to be consumed again.</summary>
    Stopped,
}
