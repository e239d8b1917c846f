namespace ParcelStream.Codec.Container;

/// <summary>Thrown when an object container file cannot be opened: its header is corrupt, truncated or over a limit.</summary>
public sealed class AvroContainerException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AvroContainerException"/> class.</summary>
    public AvroContainerException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AvroContainerException"/> class with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public AvroContainerException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AvroContainerException"/> class with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AvroContainerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AvroContainerException"/> class with the decoding error.</summary>
    /// <param name="error">The error code and absolute byte offset.</param>
    /// <param name="message">What is wrong, naming the offending value.</param>
    public AvroContainerException(AvroError error, string message)
        : base(message) => Error = error;

    /// <summary>Gets the error code and absolute byte offset, or <see cref="AvroError.None"/> when not from decoding.</summary>
    public AvroError Error { get; }
}
