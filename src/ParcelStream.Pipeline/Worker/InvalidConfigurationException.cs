namespace ParcelStream.Pipeline.Worker;

/// <summary>A configuration value is invalid; <see cref="Key"/> names it as it is written in configuration.</summary>
public sealed class InvalidConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InvalidConfigurationException"/> class.</summary>
    public InvalidConfigurationException()
    {
        Key = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InvalidConfigurationException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidConfigurationException"/> class for a key.</summary>
    /// <param name="key">The configuration key, e.g. ParcelStream:Worker:BootstrapServers.</param>
    /// <param name="problem">What is wrong with its value.</param>
    public InvalidConfigurationException(string key, string problem)
        : base($"Configuration {key} {problem}")
    {
        Key = key;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidConfigurationException"/> class for a key, with the cause.</summary>
    /// <param name="key">The configuration key, e.g. ParcelStream:Metrics:Port.</param>
    /// <param name="problem">What is wrong with its value.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidConfigurationException(string key, string problem, Exception innerException)
        : base($"Configuration {key} {problem}", innerException)
    {
        Key = key;
    }

    /// <summary>Gets the configuration key at fault.</summary>
    public string Key { get; }
}
