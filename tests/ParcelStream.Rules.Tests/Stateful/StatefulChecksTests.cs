using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Stateful;
using ParcelStream.Rules.Tests.Support;
using static ParcelStream.Rules.Tests.Stateful.StatefulTestSupport;

namespace ParcelStream.Rules.Tests.Stateful;

public sealed class StatefulChecksTests
{
    private static readonly long s_t0 = TestManifests.November2026;

    private readonly RuleHarness _rules = new();
    private readonly StatefulChecks _checks = new(new SplitShipmentSettings(SplitShipmentSettings.DefaultWindow));

    [Fact]
    public void Apply_ThreeParcelsEachUnderTogetherOverEur150_ThirdHeldAndEarlierReleasesAmended()
    {
        var store = Store();
        var amendments = new AmendmentCollector();
        (StatefulVerdict v1, string d1) = Decide(Parcel(1, 6_000, s_t0), store, amendments);
        (StatefulVerdict v2, string d2) = Decide(Parcel(2, 7_000, s_t0 + Hour, consigneeName: "JURGEN MULLER"), store, amendments);
        Assert.Equal(StatefulVerdict.None, v1);
        Assert.Equal(StatefulVerdict.None, v2);
        Assert.True(d1.Contains(" Release ", StringComparison.Ordinal), d1);
        Assert.Contains(" Release ", d2, StringComparison.Ordinal);
        Assert.Empty(amendments.Published);

        // 60 + 70 + 80 = 210 > 150, each under it.
        (StatefulVerdict v3, string d3) = Decide(Parcel(3, 8_000, s_t0 + (2 * Hour), consigneeName: "Jürgen  Müller."), store, amendments);
        Assert.Equal(StatefulVerdict.SplitShipment, v3);
        Assert.Equal(Outcome.Hold, _rules.Decision.Outcome);
        Assert.Contains("SPLIT_SHIPMENT:state.split-shipment", RuleHarness.Reasons(_rules.Decision));
        Assert.Equal(["MF-SPLIT-0001", "MF-SPLIT-0002"], Related(_rules.Decision));

        Assert.Equal(2, amendments.Details.Count);
        Assert.Equal(("MF-SPLIT-0001", DecisionKind.Amendment, Outcome.Hold), (amendments.Details[0].ManifestId, amendments.Details[0].Kind, amendments.Details[0].Outcome));
        Assert.Equal(["MF-SPLIT-0002", "MF-SPLIT-0003"], amendments.Details[0].Related);
        Assert.Equal(["MF-SPLIT-0001", "MF-SPLIT-0003"], amendments.Details[1].Related);
        Assert.Equal(["SPLIT_SHIPMENT"], amendments.Details[1].Codes);

        // A fourth parcel joins the group: held too, and nobody is amended twice.
        (StatefulVerdict v4, _) = Decide(Parcel(4, 1_000, s_t0 + (3 * Hour)), store, amendments);
        Assert.Equal(StatefulVerdict.SplitShipment, v4);
        Assert.Equal(["MF-SPLIT-0001", "MF-SPLIT-0002", "MF-SPLIT-0003"], Related(_rules.Decision));
        Assert.Equal(2, amendments.Published.Count);
        Assert.Contains(" Hold ", d3, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(73, 6_000, 7_000, 8_000)] // further apart than the 72 h window
    [InlineData(1, 20_000, 6_000, 8_000)] // the first is over EUR 150 alone: the de-minimis rules see it, no split
    [InlineData(1, 5_000, 5_000, 4_999)] // together exactly 149.99, not over
    public void Apply_NotASplit_NoSplitReason(int hoursApart, long first, long second, long third)
    {
        var store = Store();
        var amendments = new AmendmentCollector();
        Decide(Parcel(1, first, s_t0), store, amendments);
        Decide(Parcel(2, second, s_t0 + (hoursApart * Hour)), store, amendments);
        (StatefulVerdict v, _) = Decide(Parcel(3, third, s_t0 + (hoursApart * Hour) + 1), store, amendments);
        if (hoursApart > 72)
        {
            // The second and third are close: 70 + 80 = 150, not over.
            Assert.Equal(StatefulVerdict.None, v);
        }

        Assert.DoesNotContain("SPLIT_SHIPMENT", Codes(_rules.Decision));
        Assert.Empty(amendments.Published);
    }

    [Fact]
    public void Apply_OtherConsignee_NotGrouped()
    {
        var store = Store();
        Decide(Parcel(1, 9_000, s_t0), store, null);
        (StatefulVerdict v, _) = Decide(Parcel(2, 9_000, s_t0 + Hour, consigneeName: "Jürgen Maier"), store, null);
        Assert.Equal(StatefulVerdict.None, v);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Apply_SameTrackingNumberDifferentContent_DuplicateManifestHeld()
    {
        var store = Store();
        Decide(Parcel(1, 4_000, s_t0, tracking: S10(77)), store, null);
        (StatefulVerdict v, _) = Decide(Parcel(2, 2_000, s_t0 + Hour, tracking: S10(77)), store, null);
        Assert.Equal(StatefulVerdict.Duplicate, v);
        Assert.Equal(Outcome.Hold, _rules.Decision.Outcome);
        Assert.Contains("DUPLICATE_MANIFEST:state.duplicate-manifest", RuleHarness.Reasons(_rules.Decision));
        Assert.Equal(["MF-SPLIT-0001"], Related(_rules.Decision));
    }

    [Fact]
    public void Apply_SameTrackingNumberSameContentNewManifestId_NotFlaggedNotCountedTwice()
    {
        var store = Store();
        Decide(Parcel(1, 9_000, s_t0, tracking: S10(77)), store, null);
        (StatefulVerdict v, _) = Decide(Parcel(2, 9_000, s_t0 + Hour, tracking: S10(77)), store, null);
        Assert.Equal(StatefulVerdict.Resubmission, v);
        Assert.DoesNotContain("DUPLICATE_MANIFEST", Codes(_rules.Decision));
        Assert.DoesNotContain("SPLIT_SHIPMENT", Codes(_rules.Decision));
    }

    [Fact]
    public void Apply_SameManifestRedelivered_IdenticalDecisionAndNoNewAmendment()
    {
        var store = Store();
        var amendments = new AmendmentCollector();
        Decide(Parcel(1, 6_000, s_t0), store, amendments);
        Decide(Parcel(2, 7_000, s_t0 + Hour), store, amendments);
        (_, string first) = Decide(Parcel(3, 8_000, s_t0 + (2 * Hour)), store, amendments);
        (_, string released) = Decide(Parcel(5, 1_000, s_t0 + (10 * Hour), consigneeName: "Someone Else"), store, amendments);

        (StatefulVerdict again, string second) = Decide(Parcel(3, 8_000, s_t0 + (2 * Hour)), store, amendments);
        (StatefulVerdict againReleased, string secondReleased) = Decide(Parcel(5, 1_000, s_t0 + (10 * Hour), consigneeName: "Someone Else"), store, amendments);
        Assert.Equal(StatefulVerdict.Redelivery, again);
        Assert.Equal(StatefulVerdict.Redelivery, againReleased);
        Assert.Equal(first, second);
        Assert.Equal(released, secondReleased);
        Assert.Equal(2, amendments.Published.Count);
    }

    [Fact]
    public void Apply_SameManifestIdOtherContent_Duplicate()
    {
        var store = Store();
        Decide(Parcel(1, 6_000, s_t0), store, null);
        (StatefulVerdict v, _) = Decide(Parcel(1, 1_000, s_t0), store, null);
        Assert.Equal(StatefulVerdict.Duplicate, v);
        Assert.Equal(Outcome.Hold, _rules.Decision.Outcome);
    }

    [Fact]
    public void Apply_StoreRestoredFromChangelogBetweenParcels_SameDecisionsAsUninterrupted()
    {
        ManifestRecord[] parcels = [Parcel(1, 6_000, s_t0), Parcel(2, 7_000, s_t0 + Hour), Parcel(3, 8_000, s_t0 + (2 * Hour)), Parcel(4, 500, s_t0 + (3 * Hour))];
        var uninterrupted = new AmendmentCollector();
        var store = Store();
        List<string> expected = [.. parcels.Select(p => Decide(p, store, uninterrupted).Decision)];

        var sink = new RecordingSink();
        var before = Store(sink);
        var restartedAmendments = new AmendmentCollector();
        List<string> actual = [.. parcels.Take(2).Select(p => Decide(p, before, restartedAmendments).Decision)];
        var after = Store();
        sink.RestoreInto(after);
        actual.AddRange(parcels.Skip(2).Select(p => Decide(p, after, restartedAmendments).Decision));

        Assert.Equal(expected, actual);
        Assert.Equal(uninterrupted.Published, restartedAmendments.Published);
        Assert.Equal(2, uninterrupted.Published.Count);
    }

    [Fact]
    public void Apply_PerRecordSink_EachRecordGetsItsOwnChangesAndTheAmendmentsItCaused()
    {
        // A store whose changes name their sink with each call, as the worker's do: no sink kept aside.
        var store = new KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>("split-store", 0, "changelog", null, SplitShipmentSettings.DefaultWindow);
        var seen = new List<(int Record, string What)>();
        ManifestRecord[] parcels = [Parcel(1, 6_000, s_t0), Parcel(2, 7_000, s_t0 + Hour), Parcel(3, 8_000, s_t0 + (2 * Hour))];
        for (int n = 0; n < parcels.Length; n++)
        {
            CustomsDecision d = _rules.Evaluate(parcels[n]);
            _checks.Apply(_rules.View, ConsigneeKey.Of(_rules.View), d, _rules.Engine.Current, store, new TaggedSink(n + 1, seen));
        }

        Assert.Equal(
            [(1, "change"), (2, "change"), (3, "amend MF-SPLIT-0001"), (3, "amend MF-SPLIT-0002"), (3, "change")],
            seen);
        Assert.Throws<InvalidOperationException>(() => store.Put(ConsigneeKey.Of(_rules.View), new ParcelWindow(), s_t0));
    }

    [Fact]
    public void Apply_ThresholdCurrencyGbp_ConvertedThroughThePack()
    {
        // GB: GBP 135 at 0.88 GBP per EUR is EUR 153.41; 80 + 80 = 160 is over it, 75 + 75 = 150 is not.
        var store = Store();
        ManifestRecord a = Parcel(1, 7_500, s_t0);
        ManifestRecord b = Parcel(2, 7_500, s_t0 + Hour);
        a.DestinationCountry = b.DestinationCountry = "GB";
        Decide(a, store, null);
        Assert.Equal(StatefulVerdict.None, Decide(b, store, null).Verdict);
        ManifestRecord c = Parcel(3, 500, s_t0 + (2 * Hour));
        c.DestinationCountry = "GB";
        Assert.Equal(StatefulVerdict.SplitShipment, Decide(c, store, null).Verdict);
    }

    [Theory]
    [InlineData(0)] // every parcel with the same createdAt (batch-generated manifests)
    [InlineData(1)] // one millisecond apart
    public void Apply_MoreParcelsThanTheCap_WindowKeepsTheNewestUpToTheCap(long millisApart)
    {
        var checks = new StatefulChecks(new SplitShipmentSettings(SplitShipmentSettings.DefaultWindow, maxParcelsPerConsignee: 3));
        var store = Store();
        for (int n = 1; n <= 6; n++)
        {
            ManifestRecord parcel = Parcel(n, 100, s_t0 + (n * millisApart));
            CustomsDecision d = _rules.Evaluate(parcel);
            checks.Apply(_rules.View, d, _rules.Engine.Current, store, null);
        }

        Assert.True(store.TryGet(ConsigneeKey.Of(_rules.View), out ParcelWindow? window));
        Assert.Equal(3, window.Count);
        Assert.Equal(["MF-SPLIT-0004", "MF-SPLIT-0005", "MF-SPLIT-0006"], Enumerable.Range(0, window.Count).Select(i => System.Text.Encoding.UTF8.GetString(window[i].ManifestId)));
    }

    private (StatefulVerdict Verdict, string Decision) Decide(ManifestRecord parcel, KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec> store, IAmendmentSink? amendments)
    {
        CustomsDecision d = _rules.Evaluate(parcel);
        d.SetManifest(System.Text.Encoding.UTF8.GetBytes(parcel.ManifestId), System.Text.Encoding.UTF8.GetBytes(parcel.TrackingNumber));
        StatefulVerdict verdict = _checks.Apply(_rules.View, d, _rules.Engine.Current, store, amendments);
        return (verdict, Describe(d));
    }

    /// <summary>A per-record sink as the worker's: names the record it was made for with everything it receives.</summary>
    private readonly struct TaggedSink(int record, List<(int Record, string What)> seen) : IStatefulSink
    {
        public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) =>
            seen.Add((record, tombstone ? "tombstone" : "change"));

        public void Publish(CustomsDecision amendment) => seen.Add((record, "amend " + StatefulTestSupport.Text(amendment.ManifestId)));
    }
}
