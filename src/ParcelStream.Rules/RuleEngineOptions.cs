using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Capacity;

namespace ParcelStream.Rules;

/// <summary>Settings of the rule engine, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class RuleEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Rules";

    /// <summary>Gets or sets the rule pack directory.</summary>
    public string Directory { get; set; } = "rules/default";

    /// <summary>Gets or sets the risk score (0..1) at or above which a parcel is held (ASYCUDA yellow).</summary>
    public double HoldThreshold { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the risk score at or above which a parcel is inspected (ASYCUDA red) when capacity is off; with
    /// capacity on it labels rank selections below it as top-ups and gives the cut-off until the first estimate. At
    /// least <see cref="HoldThreshold"/>.
    /// </summary>
    public double InspectThreshold { get; set; } = 0.85;

    /// <summary>Gets or sets the risk score at or above which a release is flagged for post-clearance audit (blue lane); at or above <see cref="HoldThreshold"/> it never applies.</summary>
    public double AuditThreshold { get; set; } = 0.25;

    /// <summary>Gets or sets the minimum share (0..1) of parcels selected for inspection at random, for compliance measurement.</summary>
    public double RandomSelectionRate { get; set; } = 0.002;

    /// <summary>Gets or sets the seed of the random selection: the same seed and manifestId always give the same pick.</summary>
    public ulong RandomSeed { get; set; }

    /// <summary>
    /// Gets or sets the share of a seller's parcels that an active learned model explores (inspects to learn about the
    /// seller) while the seller has no random or explored result, falling as 1 / (1 + such results): a model trained
    /// only on what it chose learns a biased picture (customs-domain.md section 6), and a seller whose risky-looking
    /// parcels were found is not thereby a risky seller. 0 turns exploration off; without an active model there is none.
    /// </summary>
    public double ExplorationRate { get; set; } = 0.002;

    /// <summary>Gets or sets how many reason codes hit (rules sharing a code count once, informational ones not at all) escalate a parcel to <see cref="EscalationOutcome"/> (0: never).</summary>
    public int EscalationHits { get; set; } = 4;

    /// <summary>Gets or sets the outcome escalation leads to (Hold or Inspect).</summary>
    public Outcome EscalationOutcome { get; set; } = Outcome.Inspect;

    /// <summary>Gets or sets a value indicating whether the pack directory is watched and reloaded when it changes.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>Gets or sets how often the directory is polled for changes besides file-system events (0: events only).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long changes must settle before a reload.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets how far before the record's time createdAt may lie before the computed value createdAtOutOfRange is 1
    /// (0: no bound). The record's time is its Kafka timestamp, or the decision time when the record has none; replay
    /// decides at createdAt, so there the window never fires.
    /// </summary>
    public TimeSpan CreatedAtMaxAge { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets how far after the record's time createdAt may lie before createdAtOutOfRange is 1 (0: no bound).</summary>
    public TimeSpan CreatedAtMaxLead { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets the inspection capacity (section <c>ParcelStream:Rules:Capacity</c>).</summary>
    public CapacityOptions Capacity { get; set; } = new();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range; the message names its configuration key.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            Fail(nameof(Directory), "must name the rule pack directory");
        }

        if (!(HoldThreshold > 0 && HoldThreshold <= 1))
        {
            Fail(nameof(HoldThreshold), $"must be in (0, 1], got {HoldThreshold}");
        }

        if (!(InspectThreshold >= HoldThreshold && InspectThreshold <= 1))
        {
            Fail(nameof(InspectThreshold), $"must be between HoldThreshold ({HoldThreshold}) and 1, got {InspectThreshold}");
        }

        if (!(AuditThreshold >= 0 && AuditThreshold <= 1))
        {
            Fail(nameof(AuditThreshold), $"must be in [0, 1], got {AuditThreshold}");
        }

        if (!(ExplorationRate >= 0 && ExplorationRate <= 0.1))
        {
            Fail(nameof(ExplorationRate), $"must be in [0, 0.1], got {ExplorationRate}");
        }

        if (!(RandomSelectionRate >= 0 && RandomSelectionRate <= 1))
        {
            Fail(nameof(RandomSelectionRate), $"must be in [0, 1], got {RandomSelectionRate}");
        }

        if (EscalationHits < 0)
        {
            Fail(nameof(EscalationHits), $"must be 0 (off) or positive, got {EscalationHits}");
        }

        if (EscalationOutcome is not (Outcome.Hold or Outcome.Inspect))
        {
            Fail(nameof(EscalationOutcome), $"must be Hold or Inspect, got {EscalationOutcome}");
        }

        if (PollInterval < TimeSpan.Zero)
        {
            Fail(nameof(PollInterval), $"must not be negative, got {PollInterval}");
        }

        if (CreatedAtMaxAge < TimeSpan.Zero)
        {
            Fail(nameof(CreatedAtMaxAge), $"must be 0 (no bound) or positive, got {CreatedAtMaxAge}");
        }

        if (CreatedAtMaxLead < TimeSpan.Zero)
        {
            Fail(nameof(CreatedAtMaxLead), $"must be 0 (no bound) or positive, got {CreatedAtMaxLead}");
        }

        if (ReloadDebounce < TimeSpan.Zero)
        {
            Fail(nameof(ReloadDebounce), $"must not be negative, got {ReloadDebounce}");
        }

        if (Capacity is null)
        {
            Fail(nameof(Capacity), "must be set");
        }

        Capacity.Validate();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string key, string message) =>
        throw new InvalidOperationException($"{SectionName}:{key} {message}.");
}
