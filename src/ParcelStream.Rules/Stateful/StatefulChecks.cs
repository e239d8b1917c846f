using System.Buffers.Binary;
using System.IO.Hashing;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

using ParcelStore = ParcelStream.Rules.Stateful.KeyValueStore<ParcelStream.Rules.Stateful.ConsigneeKey, ParcelStream.Rules.Stateful.ParcelWindow, ParcelStream.Rules.Stateful.ParcelWindowCodec>;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// The split-shipment and duplicate checks, Kafka-free: given a manifest, its stateless decision and the store of
/// its consignee's partition, adds SPLIT_SHIPMENT / DUPLICATE_MANIFEST, publishes amendments of earlier releases of a
/// split group, and records the parcel. Deterministic: the same manifests in the same order give the same decisions and
/// amendments. One instance per thread (it keeps scratch state).
/// </summary>
/// <param name="settings">Window, thresholds, limits.</param>
public sealed class StatefulChecks(SplitShipmentSettings settings)
{
    private readonly XxHash3 _hash = new();
    private readonly CustomsDecision _amendment = new();
    private readonly List<int> _group = [];

    /// <summary>Gets the settings.</summary>
    public SplitShipmentSettings Settings => settings;

    /// <summary>
    /// Applies the checks to one decided manifest and records it in <paramref name="store"/>, whose changes go to the
    /// sink it was built with (replay, tests).
    /// </summary>
    /// <param name="manifest">The decoded manifest (manifestId not empty).</param>
    /// <param name="decision">Its decision from the stateless stage; reasons, outcome and related ids are added to.</param>
    /// <param name="pack">The rule pack (thresholds and currency rates).</param>
    /// <param name="store">The store of the consignee's partition.</param>
    /// <param name="amendments">Receives amendments of earlier parcels; null to drop them (they are still recorded).</param>
    /// <returns>What was found.</returns>
    public StatefulVerdict Apply(ManifestView manifest, CustomsDecision decision, RulePack pack, ParcelStore store, IAmendmentSink? amendments)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Apply(manifest, ConsigneeKey.Of(manifest), decision, pack, store, new Sinks(store.Sink, amendments));
    }

    /// <summary>
    /// Applies the checks to one decided manifest and records it in <paramref name="store"/>: the store's changes and the
    /// amendments go to <paramref name="sink"/>, the manifest's own. The consignee key is already known (the worker
    /// reads it back from the repartition record's key instead of folding and hashing the consignee again).
    /// </summary>
    /// <typeparam name="TSink">The sink; a struct, so the calls are direct.</typeparam>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="key">Its consignee key (<see cref="ConsigneeKey.Of(ManifestView)"/>).</param>
    /// <param name="decision">Its stateless decision, completed here.</param>
    /// <param name="pack">The rule pack in force (thresholds and currency rates).</param>
    /// <param name="store">The store of the consignee's partition.</param>
    /// <param name="sink">Receives what this manifest causes: the store's changes and amendments of earlier parcels.</param>
    /// <returns>What was found.</returns>
    public StatefulVerdict Apply<TSink>(ManifestView manifest, in ConsigneeKey key, CustomsDecision decision, RulePack pack, ParcelStore store, TSink sink)
        where TSink : struct, IStatefulSink
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(store);
        long eventTime = manifest.CreatedAtMillis;
        long window = settings.WindowMillis;
        ulong content = ContentHash(manifest);
        if (!store.TryGet(key, out ParcelWindow? parcels))
        {
            parcels = new ParcelWindow();
        }

        parcels.RemoveBefore(Math.Max(store.StreamTimeMillis, eventTime) - window);
        int same = parcels.IndexOfManifest(manifest.ManifestId);
        if (same >= 0)
        {
            if (parcels[same].ContentHash == content)
            {
                Reproduce(ref parcels[same], decision);
                return StatefulVerdict.Redelivery;
            }

            // The same manifestId with other content: flagged, and not recorded (the first version stays the reference).
            MarkDuplicate(decision);
            return StatefulVerdict.Duplicate;
        }

        ParcelRecord record = ParcelRecord.Create(manifest.ManifestId, manifest.TrackingNumber);
        record.ContentHash = content;
        record.ValueCents = ValueCents(pack, manifest.TotalValueMinor, manifest.Currency);
        record.EventTimeMillis = eventTime;
        StatefulVerdict verdict = CheckTrackingNumber(parcels, manifest.TrackingNumber, content, ref record, decision);
        if (verdict == StatefulVerdict.None)
        {
            verdict = CheckSplit(parcels, manifest, pack, ref record, decision, sink);
        }

        record.Outcome = (byte)decision.Outcome;
        record.RiskScore = (float)decision.RiskScore;
        // At the cap the oldest parcel makes room. (Dropping those older than the second one, as before, removed
        // nothing when the two shared a createdAt, and the window grew past the cap.)
        if (parcels.Count >= settings.MaxParcelsPerConsignee)
        {
            parcels.RemoveOldest();
        }

        parcels.Add(record);
        store.Put(key, parcels, eventTime, sink);
        return verdict;
    }

    /// <summary>
    /// Hash of what a manifest says about its parcel: everything but manifestId and createdAt, so that a re-sent
    /// manifest with a new id but the same content is recognised.
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>XXH3 of the fields.</returns>
    public ulong ContentHash(ManifestView manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _hash.Reset();
        for (ManifestField field = ManifestField.TrackingNumber; field <= ManifestField.SellerId; field++)
        {
            if (field == ManifestField.CreatedAt)
            {
                continue;
            }

            // Each slot holds either text or a number; both are hashed, the other half is empty or zero.
            AppendField(manifest.GetString(field), manifest.GetInt64(field));
        }

        for (int item = 0; item < manifest.ItemCount; item++)
        {
            for (ItemField field = ItemField.Description; field <= ItemField.OriginCountry; field++)
            {
                AppendField(manifest.GetItemString(item, field), manifest.GetItemInt64(item, field));
            }
        }

        return _hash.GetCurrentHashAsUInt64();
    }

    private static long ValueCents(RulePack pack, long totalMinor, ReadOnlySpan<byte> currency)
    {
        double value = pack.ToBaseCurrency(totalMinor, currency);
        return double.IsNaN(value) || value < 0 ? -1 : (long)Math.Round(value * 100, MidpointRounding.AwayFromZero);
    }

    private static void Force(CustomsDecision decision, Outcome outcome, Referral referral)
    {
        if (decision.Outcome < outcome)
        {
            decision.Outcome = outcome;
            decision.Referral = referral;
        }
    }

    private static void MarkSplit(CustomsDecision decision)
    {
        Force(decision, Outcome.Hold, Referral.DocumentaryCheck);
        decision.AddReason("state.split-shipment"u8, "SPLIT_SHIPMENT"u8, "parcels to the same consignee within the window together exceed the destination's threshold"u8);
    }

    private static void MarkDuplicate(CustomsDecision decision)
    {
        Force(decision, Outcome.Hold, Referral.RequestForInformation);
        decision.AddReason("state.duplicate-manifest"u8, "DUPLICATE_MANIFEST"u8, "tracking number or manifestId already manifested with different content"u8);
    }

    private static void Reproduce(ref ParcelRecord record, CustomsDecision decision)
    {
        if ((record.Flags & ParcelFlags.Duplicate) != 0)
        {
            MarkDuplicate(decision);
        }

        if ((record.Flags & ParcelFlags.Split) != 0)
        {
            MarkSplit(decision);
        }

        foreach (byte[] related in record.Related ?? [])
        {
            decision.AddRelated(related);
        }

        // Same content and pack give the same stateless outcome; the stored one also covers a pack reloaded meanwhile.
        decision.Outcome = (Outcome)record.Outcome;
    }

    private static StatefulVerdict CheckTrackingNumber(ParcelWindow parcels, ReadOnlySpan<byte> trackingNumber, ulong content, ref ParcelRecord record, CustomsDecision decision)
    {
        bool seen = false;
        bool differs = false;
        List<byte[]>? related = null;
        for (int i = 0; i < parcels.Count; i++)
        {
            ref ParcelRecord other = ref parcels[i];
            if (!trackingNumber.SequenceEqual(other.TrackingNumber))
            {
                continue;
            }

            seen = true;
            if (other.ContentHash != content)
            {
                differs = true;
                (related ??= []).Add(other.ManifestId.ToArray());
            }
        }

        if (!seen)
        {
            return StatefulVerdict.None;
        }

        if (!differs)
        {
            record.Flags |= ParcelFlags.Resubmitted;
            return StatefulVerdict.Resubmission;
        }

        record.Flags |= ParcelFlags.Duplicate;
        record.Related = [.. related!];
        MarkDuplicate(decision);
        foreach (byte[] id in record.Related)
        {
            decision.AddRelated(id);
        }

        return StatefulVerdict.Duplicate;
    }

    private StatefulVerdict CheckSplit<TSink>(ParcelWindow parcels, ManifestView manifest, RulePack pack, ref ParcelRecord record, CustomsDecision decision, TSink sink)
        where TSink : struct, IStatefulSink
    {
        string? threshold = settings.ThresholdFor(manifest.DestinationCountry);
        if (threshold is null || !pack.TryGetThresholdInBase(threshold, record.EventTimeMillis, out double limit) || limit <= 0)
        {
            return StatefulVerdict.None;
        }

        long limitCents = (long)Math.Round(limit * 100, MidpointRounding.AwayFromZero);
        if (record.ValueCents < 0 || record.ValueCents > limitCents)
        {
            // Over the threshold on its own: the fiscal assessment covers it (full declaration); it is not part of a split.
            return StatefulVerdict.None;
        }

        _group.Clear();
        long sum = record.ValueCents;
        for (int i = 0; i < parcels.Count; i++)
        {
            ref ParcelRecord other = ref parcels[i];
            if ((other.Flags & (ParcelFlags.Duplicate | ParcelFlags.Resubmitted)) == 0
                && other.ValueCents >= 0 && other.ValueCents <= limitCents
                && Math.Abs(other.EventTimeMillis - record.EventTimeMillis) <= settings.WindowMillis)
            {
                _group.Add(i);
                sum += other.ValueCents;
            }
        }

        if (_group.Count == 0 || sum <= limitCents)
        {
            return StatefulVerdict.None;
        }

        record.Flags |= ParcelFlags.Split;
        record.Related = new byte[_group.Count][];
        for (int g = 0; g < _group.Count; g++)
        {
            record.Related[g] = parcels[_group[g]].ManifestId.ToArray();
        }

        MarkSplit(decision);
        foreach (byte[] id in record.Related)
        {
            decision.AddRelated(id);
        }

        foreach (int i in _group)
        {
            ref ParcelRecord earlier = ref parcels[i];
            if (earlier.Outcome == (byte)Outcome.Release && (earlier.Flags & ParcelFlags.Amended) == 0)
            {
                earlier.Flags |= ParcelFlags.Amended;
                Amend(i, parcels, record, decision, sink);
            }
        }

        return StatefulVerdict.SplitShipment;
    }

    /// <summary>An AMENDMENT to HOLD for an earlier parcel of the group, naming the rest of the group (the new parcel included).</summary>
    private void Amend<TSink>(int index, ParcelWindow parcels, in ParcelRecord current, CustomsDecision decision, TSink sink)
        where TSink : struct, IStatefulSink
    {
        ref ParcelRecord earlier = ref parcels[index];

        CustomsDecision a = _amendment;
        a.Reset();
        a.SetManifest(earlier.ManifestId, earlier.TrackingNumber);
        a.Kind = DecisionKind.Amendment;
        a.Outcome = Outcome.Hold;
        a.RiskScore = earlier.RiskScore;
        a.DecidedAtMillis = decision.DecidedAtMillis;
        a.SetRulesetVersion(decision.RulesetVersion);
        if (decision.HasSource)
        {
            // Where the amendment came from: the record whose arrival completed the group.
            a.SetSource(decision.SourceTopic, decision.SourcePartition, decision.SourceOffset);
        }

        MarkSplit(a);
        foreach (int i in _group)
        {
            if (i != index)
            {
                a.AddRelated(parcels[i].ManifestId);
            }
        }

        a.AddRelated(current.ManifestId);
        sink.Publish(a);
    }

    /// <summary>The sinks of a store built with its own and of an amendment listener, as one (replay, tests).</summary>
    private readonly struct Sinks(IChangelogSink? changelog, IAmendmentSink? amendments) : IStatefulSink
    {
        // Reached only for a store with a changelog topic.
        public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) =>
            (changelog ?? throw new InvalidOperationException($"The store of {topic} [{partition}] was built without a sink: apply the checks with a sink of the record.")).Append(topic, partition, key, value, tombstone);

        public void Publish(CustomsDecision amendment) => amendments?.Publish(amendment);
    }

    private void AppendField(ReadOnlySpan<byte> text, long number)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(head, text.Length);
        BinaryPrimitives.WriteInt64LittleEndian(head[4..], number);
        _hash.Append(head);
        _hash.Append(text);
    }
}
