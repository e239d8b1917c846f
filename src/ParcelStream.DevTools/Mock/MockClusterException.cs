using Confluent.Kafka;

namespace ParcelStream.DevTools.Mock;

/// <summary>A librdkafka mock cluster call failed; carries librdkafka's error code and name (rd_kafka_err2name).</summary>
public sealed class MockClusterException : Exception
{
    /// <summary>Initializes an exception without an error code.</summary>
    public MockClusterException()
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public MockClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public MockClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes an exception for a librdkafka error code.</summary>
    /// <param name="operation">The call that failed, e.g. rd_kafka_mock_topic_create(parcels.manifests).</param>
    /// <param name="error">The librdkafka error code.</param>
    /// <param name="errorName">The librdkafka error name, e.g. UNKNOWN_TOPIC_OR_PART.</param>
    public MockClusterException(string operation, ErrorCode error, string errorName)
        : base($"{operation} failed: {errorName} ({(int)error})")
    {
        Error = error;
        ErrorName = errorName;
    }

    /// <summary>Gets the librdkafka error code, or <see cref="ErrorCode.NoError"/> when the failure had none.</summary>
    public ErrorCode Error { get; }

    /// <summary>Gets the librdkafka error name (rd_kafka_err2name), or an empty string.</summary>
    public string ErrorName { get; } = string.Empty;
}
