namespace ParcelStream.Codec;

/// <summary>Thrown at load time (never per message) when a schema is malformed or cannot be resolved.</summary>
public sealed class AvroSchemaException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AvroSchemaException"/> class.</summary>
    public AvroSchemaException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AvroSchemaException"/> class with a message.</summary>
    /// <param name="message">What is wrong, naming the schema element.</param>
    public AvroSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AvroSchemaException"/> class with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AvroSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
