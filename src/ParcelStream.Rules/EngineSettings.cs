using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Capacity;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <summary>The engine's options, validated and prepared for the hot path.</summary>
internal sealed class EngineSettings
{
    private readonly double _randomRate;
    private readonly ulong _seedHash;
    private readonly ulong _explorationSeedHash;

    public EngineSettings(RuleEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        HoldThreshold = options.HoldThreshold;
        InspectThreshold = options.InspectThreshold;
        AuditThreshold = options.AuditThreshold >= options.HoldThreshold ? double.PositiveInfinity : options.AuditThreshold;
        EscalationHits = options.EscalationHits;
        EscalationOutcome = options.EscalationOutcome;
        EscalationDetail = Encoding.UTF8.GetBytes($"{options.EscalationHits} or more reason codes hit: escalated");
        CreatedAtMaxAgeMillis = options.CreatedAtMaxAge > TimeSpan.Zero ? (long)options.CreatedAtMaxAge.TotalMilliseconds : long.MaxValue;
        CreatedAtMaxLeadMillis = options.CreatedAtMaxLead > TimeSpan.Zero ? (long)options.CreatedAtMaxLead.TotalMilliseconds : long.MaxValue;
        _randomRate = options.RandomSelectionRate;
        Capacity = options.Capacity.Enabled ? new CapacitySelector(options.Capacity, options.InspectThreshold) : null;
        ulong seed = options.RandomSeed;
        Span<byte> seedBytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(seedBytes, seed);
        _seedHash = StableHash.Add(StableHash.Start, seedBytes);

        // A draw of its own, so that exploration and random selection pick independently of each other.
        _explorationSeedHash = StableHash.Add(_seedHash, "exploration"u8);
        ExplorationRate = options.ExplorationRate;
    }

    /// <summary>Gets the share of a never-inspected seller's parcels an active model explores.</summary>
    public double ExplorationRate { get; }

    public double HoldThreshold { get; }

    public double InspectThreshold { get; }

    public double AuditThreshold { get; }

    public int EscalationHits { get; }

    public Outcome EscalationOutcome { get; }

    public byte[] EscalationDetail { get; }

    /// <summary>Gets how many milliseconds before the record's time createdAt may lie (long.MaxValue: no bound).</summary>
    public long CreatedAtMaxAgeMillis { get; }

    /// <summary>Gets how many milliseconds after the record's time createdAt may lie (long.MaxValue: no bound).</summary>
    public long CreatedAtMaxLeadMillis { get; }

    /// <summary>Gets the inspection capacity selector; null when capacity is off (the inspect threshold decides).</summary>
    public CapacitySelector? Capacity { get; }

    /// <summary>Draws the deterministic random selection: the seed and manifestId hashed to a number in [0, 1).</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <returns>True when the parcel is picked.</returns>
    public bool IsRandomlySelected(ReadOnlySpan<byte> manifestId) =>
        _randomRate > 0 && Draw(_seedHash, manifestId) < _randomRate;

    /// <summary>Draws the deterministic exploration: picks with probability <see cref="Learning.Exploration.Probability"/>.</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <param name="history">The seller's history.</param>
    /// <returns>True when the parcel is picked.</returns>
    public bool IsExplored(ReadOnlySpan<byte> manifestId, in RiskHistory history) =>
        ExplorationRate > 0 && Draw(_explorationSeedHash, manifestId) < Learning.Exploration.Probability(ExplorationRate, history);

    /// <summary>Maps a seed hash and manifestId to [0, 1).</summary>
    /// <param name="seedHash">Running hash of the seed.</param>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <returns>The draw.</returns>
    internal static double Draw(ulong seedHash, ReadOnlySpan<byte> manifestId) =>
        (StableHash.Finish(StableHash.Add(seedHash, manifestId)) >> 11) * (1.0 / (1UL << 53));
}
