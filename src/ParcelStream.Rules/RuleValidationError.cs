namespace ParcelStream.Rules;

/// <summary>One problem found while loading a rule pack.</summary>
/// <param name="File">Path of the file, as the pack directory was given plus the file's relative path.</param>
/// <param name="Line">1-based line (0 when the problem is not on a line, e.g. a missing file).</param>
/// <param name="RuleId">Id of the rule concerned, or null.</param>
/// <param name="Message">What is wrong, and what was expected.</param>
public sealed record RuleValidationError(string File, int Line, string? RuleId, string Message)
{
    /// <summary>Formats the error as "file:line: rule X: message" (without "rule X: " when no rule is concerned).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => RuleId is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: rule {RuleId}: {Message}";
}
