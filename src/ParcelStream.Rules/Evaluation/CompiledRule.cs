using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Evaluation.Conditions;

namespace ParcelStream.Rules.Evaluation;

/// <summary>A rule ready to evaluate: its condition, effect, effective period and pre-encoded reason texts.</summary>
internal sealed class CompiledRule
{
    /// <summary>Gets or sets the id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets or sets the reason code.</summary>
    public required string Code { get; init; }

    /// <summary>Gets or sets the officer-readable description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets or sets the UTF-8 id.</summary>
    public required byte[] IdUtf8 { get; init; }

    /// <summary>Gets or sets the UTF-8 reason code.</summary>
    public required byte[] CodeUtf8 { get; init; }

    /// <summary>Gets or sets the UTF-8 short detail.</summary>
    public required byte[] DetailUtf8 { get; init; }

    /// <summary>Gets or sets the condition.</summary>
    public required Condition When { get; init; }

    /// <summary>Gets or sets the log-odds added to the score on a hit.</summary>
    public double Weight { get; init; }

    /// <summary>Gets or sets the forced outcome (Release for none).</summary>
    public Outcome Forced { get; init; }

    /// <summary>Gets or sets a value indicating whether a hit flags a release for post-clearance audit.</summary>
    public bool Audit { get; init; }

    /// <summary>Gets or sets the referral a hit asks for (None: the outcome's default).</summary>
    public Referral Referral { get; init; }

    /// <summary>Gets or sets a value indicating whether the rule only reports: its reason is recorded, it adds no weight, forces nothing and does not count towards escalation.</summary>
    public bool Informational { get; init; }

    /// <summary>Gets or sets the first instant the rule applies to, UTC milliseconds.</summary>
    public long FromMillis { get; init; } = long.MinValue;

    /// <summary>Gets or sets the instant from which it no longer applies (exclusive), UTC milliseconds.</summary>
    public long UntilMillis { get; init; } = long.MaxValue;

    /// <summary>Gets or sets the file the rule is defined in.</summary>
    public required string File { get; init; }

    /// <summary>Gets or sets the line of the rule in its file.</summary>
    public int Line { get; init; }
}
