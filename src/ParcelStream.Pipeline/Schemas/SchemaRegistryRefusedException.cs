namespace ParcelStream.Pipeline.Schemas;

/// <summary>The Confluent Schema Registry refused one of ParcelStream's schemas (incompatible, invalid or not registered); start-up stops with the message.</summary>
public sealed class SchemaRegistryRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SchemaRegistryRefusedException"/> class.</summary>
    public SchemaRegistryRefusedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SchemaRegistryRefusedException"/> class.</summary>
    /// <param name="message">What was refused, by which registry and subject, and what to do.</param>
    public SchemaRegistryRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SchemaRegistryRefusedException"/> class.</summary>
    /// <param name="message">What was refused, by which registry and subject, and what to do.</param>
    /// <param name="innerException">The registry's answer.</param>
    public SchemaRegistryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
