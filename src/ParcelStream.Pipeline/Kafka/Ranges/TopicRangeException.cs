namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>A topic range cannot be resolved or read: unknown topic or partition, unreachable brokers, offsets no longer retained.</summary>
public sealed class TopicRangeException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public TopicRangeException()
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the topic and partition.</param>
    public TopicRangeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TopicRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
