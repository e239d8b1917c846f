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

    /// <summary>One line (a start-up failure is reported in one line): the only error, or the first few and how many more.</summary>
    private static string Describe(IReadOnlyList<RuleValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const int Shown = 3;
        if (errors.Count == 1)
        {
            return $"invalid rule pack: {OneLine(errors[0])}";
        }

        string text = $"invalid rule pack ({errors.Count} errors): " + string.Join("; ", errors.Take(Shown).Select(OneLine));
        return errors.Count > Shown ? text + $"; and {errors.Count - Shown} more (parcelstream rules check lists them all)" : text;
    }

    private static string OneLine(RuleValidationError error) => error.ToString().ReplaceLineEndings(" ");
}
