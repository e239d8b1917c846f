using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Arithmetic and range (issue 13, defect 6): sums that cannot wrap around, and implausible fields held for information.</summary>
public sealed class ImplausibleFieldTests
{
    private const string Implausible = "implausible-field";
    private const string ValueMismatch = "item-values-do-not-sum-to-total";
    private static readonly long s_day = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    [Fact]
    public void Evaluate_LineValuesThatWrapAroundIn64Bits_ValueMismatchAndImplausibleHit()
    {
        // The issue's repro: 3 * 2^62 + (2^62 + 900) is 900 in 64-bit arithmetic, the declared total.
        ManifestRecord m = TestManifests.Clean();
        m.TotalValueMinor = 900;
        m.Items.Clear();
        foreach (long value in new[] { 1L << 62, 1L << 62, 1L << 62, (1L << 62) + 900 })
        {
            m.Items.Add(new ItemRecord { Description = "Bluetooth headphones", HsCode = "851830", Quantity = 1, NetWeightGrams = 100, ValueMinor = value, OriginCountry = "CN" });
        }

        CustomsDecision decision = new RuleHarness().Evaluate(m);

        Assert.True(RuleHarness.HasRule(decision, ValueMismatch), string.Join(", ", RuleHarness.Reasons(decision)));
        Assert.True(RuleHarness.HasRule(decision, Implausible), string.Join(", ", RuleHarness.Reasons(decision)));
        Assert.Equal(Outcome.Hold, decision.Outcome);
    }

    public static TheoryData<string> NegativeFields => ["totalValueMinor", "grossWeightGrams", "pieces", "valueMinor", "quantity", "netWeightGrams"];

    [Theory]
    [MemberData(nameof(NegativeFields))]
    public void Evaluate_NegativeQuantityWeightOrValue_HeldAsImplausible(string field)
    {
        ManifestRecord m = TestManifests.Clean();
        ItemRecord line = m.Items[0];
        switch (field)
        {
            case "totalValueMinor": m.TotalValueMinor = -4_797; break;
            case "grossWeightGrams": m.GrossWeightGrams = -850; break;
            case "pieces": m.Pieces = -1; break;
            case "valueMinor": line.ValueMinor = -line.ValueMinor; break;
            case "quantity": line.Quantity = -1; break;
            default: line.NetWeightGrams = -line.NetWeightGrams; break;
        }

        CustomsDecision decision = new RuleHarness().Evaluate(m);

        Assert.True(RuleHarness.HasRule(decision, Implausible), $"{field}: {string.Join(", ", RuleHarness.Reasons(decision))}");
        Assert.Equal(Outcome.Hold, decision.Outcome);
        Assert.Contains("IMPLAUSIBLE_FIELD:" + Implausible, RuleHarness.Reasons(decision));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(4_102_444_800_000L)] // 2100-01-01
    public void Evaluate_CreatedAtOutOfAnyPlausibleRange_HeldAsImplausible(long createdAt)
    {
        ManifestRecord m = TestManifests.Clean();
        m.CreatedAtMillis = createdAt;

        CustomsDecision decision = new RuleHarness().Evaluate(m);

        Assert.True(RuleHarness.HasRule(decision, Implausible), string.Join(", ", RuleHarness.Reasons(decision)));
        Assert.Equal(Outcome.Hold, decision.Outcome);
    }

    [Fact]
    public void Evaluate_CleanManifest_NotImplausible()
    {
        var harness = new RuleHarness(options: Window());
        harness.Load(TestManifests.Clean());
        CustomsDecision decision = Decide(harness, recordTimestamp: TestManifests.November2026 + s_day, decidedAt: 0);

        Assert.Equal(0, decision.ReasonCount);
        Assert.Equal(Outcome.Release, decision.Outcome);
    }

    [Theory]
    [InlineData(-31, true, 0, true)] // createdAt 31 days before the record's timestamp
    [InlineData(-29, true, 0, false)]
    [InlineData(2, true, 0, true)] // 2 days after it: from the future
    [InlineData(0, true, 0, false)]
    [InlineData(-31, false, 0, true)] // no record timestamp: judged against the decision time
    [InlineData(-31, false, -31, false)] // ... which replay sets to createdAt
    [InlineData(-31, true, -31, true)] // the record's timestamp wins over the decision time
    public void Evaluate_CreatedAtOutsideTheConfiguredWindowAroundTheRecord_Held(int createdAtDays, bool hasRecordTimestamp, int decidedAtDays, bool held)
    {
        long reference = TestManifests.November2026;
        var harness = new RuleHarness(options: Window());
        ManifestRecord m = TestManifests.Clean();
        m.CreatedAtMillis = reference + (createdAtDays * s_day);
        harness.Load(m);

        CustomsDecision decision = Decide(harness, hasRecordTimestamp ? reference : 0, reference + (decidedAtDays * s_day));

        Assert.Equal(held, RuleHarness.HasRule(decision, Implausible));
        Assert.Equal(held ? Outcome.Hold : Outcome.Release, decision.Outcome);
    }

    [Fact]
    public void Evaluate_NoRecordTimeAtAll_WindowDoesNotApply()
    {
        // `rules explain` and tests decide with neither a record timestamp nor a decision time: createdAtOutOfRange is unknown.
        var harness = new RuleHarness(options: Window());
        ManifestRecord m = TestManifests.Clean();
        m.CreatedAtMillis = TestManifests.November2026 - (400 * s_day);
        harness.Load(m);

        Assert.False(RuleHarness.HasRule(Decide(harness, 0, 0), Implausible));
        Assert.True(RuleHarness.HasRule(Decide(harness, TestManifests.November2026, 0), Implausible));
    }

    [Fact]
    public void Options_NegativeCreatedAtBounds_RejectedNamingTheKey()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new RuleEngineOptions { CreatedAtMaxAge = TimeSpan.FromDays(-1) }.Validate());
        Assert.Contains("ParcelStream:Rules:CreatedAtMaxAge", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidOperationException>(() => new RuleEngineOptions { CreatedAtMaxLead = TimeSpan.FromDays(-1) }.Validate());
        Assert.Contains("ParcelStream:Rules:CreatedAtMaxLead", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExtremeValues_AllocatesNothing()
    {
        var harness = new RuleHarness(options: Window());
        ManifestRecord m = TestManifests.Clean();
        m.CreatedAtMillis = long.MinValue;
        m.Items[0].ValueMinor = long.MaxValue;
        m.Items[1].ValueMinor = long.MaxValue;
        harness.Load(m);
        Decide(harness, TestManifests.November2026, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            harness.Decision.Reset();
            harness.Decision.RecordTimestampMillis = TestManifests.November2026;
            harness.Engine.Evaluate(harness.View, harness.Decision);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(RuleHarness.HasRule(harness.Decision, Implausible));
    }

    private static RuleEngineOptions Window() => new()
    {
        RandomSelectionRate = 0,
        EscalationHits = 0,
        CreatedAtMaxAge = TimeSpan.FromDays(30),
        CreatedAtMaxLead = TimeSpan.FromDays(1),
    };

    private static CustomsDecision Decide(RuleHarness harness, long recordTimestamp, long decidedAt)
    {
        CustomsDecision decision = harness.Decision;
        decision.Reset();
        decision.RecordTimestampMillis = recordTimestamp;
        decision.DecidedAtMillis = decidedAt;
        harness.Engine.Evaluate(harness.View, decision);
        return decision;
    }
}
