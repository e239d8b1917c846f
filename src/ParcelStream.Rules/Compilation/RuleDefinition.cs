using ParcelStream.Codec.Decisions;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>A rule as read from its file, before its condition is compiled.</summary>
internal sealed class RuleDefinition
{
    public required string Id { get; init; }

    public required string File { get; init; }

    public int Line { get; init; }

    public string Code { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string? Detail { get; set; }

    public YamlNode? When { get; set; }

    public double Weight { get; set; }

    public Outcome Forced { get; set; }

    public bool Audit { get; set; }

    public Referral Referral { get; set; }

    public bool Informational { get; set; }

    public long FromMillis { get; set; } = long.MinValue;

    public long UntilMillis { get; set; } = long.MaxValue;

    public bool Enabled { get; set; } = true;
}
