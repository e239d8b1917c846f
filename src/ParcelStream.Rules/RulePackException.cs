namespace ParcelStream.Rules;

/// <summary>A rule pack could not be loaded; <see cref="Errors"/> lists every problem with its file and line.</summary>
public sealed class RulePackException : Exception
{
    /// <summary>Initializes a new instance with the errors found.</summary>
    /// <param name="errors">The errors (at least one).</param>
    public RulePackException(IReadOnlyList<RuleValidationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes a new instance for one error.</summary>
    /// <param name="message">The message.</param>
    public RulePackException(string message)
        : this([new RuleValidationError(string.Empty, 0, null, message)])
    {
    }

    /// <summary>Initializes a new instance (for serializers and analyzers).</summary>
    public RulePackException()
        : this("invalid rule pack")
    {
    }

    /// <summary>Initializes a new instance wrapping an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RulePackException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new RuleValidationError(string.Empty, 0, null, message)];
    }

    /// <summary>Gets every validation error, in file order.</summary>
    public IReadOnlyList<RuleValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<RuleValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const int Shown = 20;
        string text = $"invalid rule pack ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, errors.Take(Shown));
        return errors.Count > Shown ? text + $"{Environment.NewLine}... and {errors.Count - Shown} more" : text;
    }
}
