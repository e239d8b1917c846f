using System.Buffers;
using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// The record the worker writes to the decided-manifests topic for each decision that may be inspected (keyed by
/// manifestId, so it is co-partitioned with the re-keyed inspection results): a raw Avro datum of
/// <c>{manifestId: string, ruleIds: array&lt;string&gt;, randomSelection: boolean, sellerId: string, consignorKey: long,
/// outcome: int, decidedAt: long}</c>. Internal to ParcelStream; the topic is compacted, and is also the changelog of
/// the feedback join's store.
/// </summary>
internal static class DecidedRecord
{
    private const int MaxInterned = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_ruleIds = new(StringComparer.Ordinal);

    private static readonly byte[] s_random = Encoding.UTF8.GetBytes(DecidedParcel.RandomSelectionRuleId);

    /// <summary>Writes the record of a decision; allocates nothing once the buffer has grown.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="manifest">The decided manifest.</param>
    /// <param name="decision">Its decision.</param>
    public static void Write(IBufferWriter<byte> output, ManifestView manifest, CustomsDecision decision)
    {
        var w = new AvroWriter(output);
        w.WriteString(decision.ManifestId);
        bool random = false;
        int rules = 0;
        for (int i = 0; i < decision.ReasonCount; i++)
        {
            bool isRandom = decision.ReasonRuleId(i).SequenceEqual(s_random);
            random |= isRandom;
            rules += isRandom ? 0 : 1;
        }

        if (rules > 0)
        {
            w.WriteBlockStart(rules);
            for (int i = 0; i < decision.ReasonCount; i++)
            {
                if (!decision.ReasonRuleId(i).SequenceEqual(s_random))
                {
                    w.WriteString(decision.ReasonRuleId(i));
                }
            }
        }

        w.WriteBlockEnd();
        w.WriteBoolean(random);
        w.WriteString(manifest.GetString(ManifestField.SellerId).Trim((byte)' '));
        w.WriteLong(unchecked((long)PartyKeys.Consignor(manifest)));
        w.WriteInt((int)decision.Outcome);
        w.WriteLong(decision.DecidedAtMillis);
        w.Flush();
    }

    /// <summary>Reads a record.</summary>
    /// <param name="value">The record value.</param>
    /// <param name="parcel">The parcel, or null when the bytes are not a decided record.</param>
    /// <returns>False when the bytes are corrupt.</returns>
    public static bool TryRead(ReadOnlySpan<byte> value, out DecidedParcel? parcel)
    {
        parcel = null;
        var r = new AvroReader(value, CodecLimits.Default.MaxStringBytes, 0);
        if (!r.TryReadString(out ReadOnlySpan<byte> manifestId))
        {
            return false;
        }

        var rules = new List<string>();
        if (!AvroBlocks.TryReadStrings(ref r, CodecLimits.Default.MaxItems, rules))
        {
            return false;
        }

        if (!r.TryReadBoolean(out bool random) || !r.TryReadString(out ReadOnlySpan<byte> seller) || !r.TryReadLong(out long consignor)
            || !r.TryReadInt(out int outcome) || !r.TryReadLong(out long decidedAt) || r.Remaining != 0 || (uint)outcome > (uint)Outcome.Inspect)
        {
            return false;
        }

        // A rule counts once per parcel. The join keeps every decided parcel until its result comes (RetentionDays): the
        // few distinct rule ids are shared, not a copy per parcel.
        parcel = new DecidedParcel(Encoding.UTF8.GetString(manifestId), [.. rules.Distinct(StringComparer.Ordinal).Select(Intern)], random, Encoding.UTF8.GetString(seller), unchecked((ulong)consignor), (Outcome)outcome, decidedAt);
        return true;
    }

    /// <summary>The shared instance of a rule id (a pack has tens of rules; past <see cref="MaxInterned"/> ids, copies are kept as they are).</summary>
    private static string Intern(string ruleId)
    {
        if (s_ruleIds.TryGetValue(ruleId, out string? shared))
        {
            return shared;
        }

        return s_ruleIds.Count < MaxInterned ? s_ruleIds.GetOrAdd(ruleId, ruleId) : ruleId;
    }
}
