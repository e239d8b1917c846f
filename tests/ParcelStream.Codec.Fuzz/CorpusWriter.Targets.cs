using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules.Feedback;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Codec.Fuzz;

/// <content>Seeds of the targets other than the decoder.</content>
public static partial class CorpusWriter
{
    /// <summary>Writes the seeds of <paramref name="target"/> into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">Where the files go.</param>
    /// <param name="target">One of <see cref="FuzzTargets.Names"/>.</param>
    /// <returns>The number of files written.</returns>
    /// <exception cref="ArgumentException">An unknown target.</exception>
    public static int Write(string directory, string target)
    {
        if (target == FuzzTargets.Default)
        {
            return Write(directory);
        }

        List<(string Name, byte[] Bytes)> seeds = target switch
        {
            "inspection" => InspectionSeeds(),
            "changelog" => ChangelogSeeds(),
            "decided" => DecidedSeeds(),
            "headers" => HeaderSeeds(),
            _ => throw new ArgumentException($"No fuzz target '{target}'.", nameof(target)),
        };
        Directory.CreateDirectory(directory);
        foreach ((string name, byte[] bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(directory, name + ".bin"), bytes);
        }

        return seeds.Count;
    }

    private static List<(string Name, byte[] Bytes)> InspectionSeeds()
    {
        var found = new InspectionReport("MF-2026-11-23-000000001", InspectionOutcome.Found, "officer-17", 1_795_000_000_000)
        {
            TrackingNumber = "RR123456785CN",
            FindingCodes = ["UNDECLARED_GOODS", "UNDERVALUED"],
            Office = "DE004852",
        };
        var clean = new InspectionReport("M", InspectionOutcome.Clean, string.Empty, 0);
        byte[] raw = InspectionReportWriter.ToArray(found);
        return
        [
            ("valid-found-raw", raw),
            ("valid-found-confluent", InspectionReportWriter.ToArray(found, MessageFraming.Confluent)),
            ("valid-found-single-object", InspectionReportWriter.ToArray(found, MessageFraming.SingleObject)),
            ("valid-clean-raw", InspectionReportWriter.ToArray(clean)),
            ("broken-truncated-raw", raw[..(raw.Length / 2)]),
            ("broken-trailing-bytes-raw", [.. raw, 0x00]),
        ];
    }

    private static List<(string Name, byte[] Bytes)> ChangelogSeeds()
    {
        var one = new ParcelWindow();
        one.Add(Parcel("MF-1", "TN-1", 1_795_000_000_000, null));
        var three = new ParcelWindow(3);
        three.Add(Parcel("MF-1", "TN-1", 1_795_000_000_000, null));
        three.Add(Parcel("MF-2", "TN-2", 1_795_000_060_000, ["MF-1"]));
        three.Add(Parcel("MF-3", "TN-3", 1_795_000_120_000, ["MF-1", "MF-2"]));
        byte[] oneRecord = StoreRecord(one, tombstone: false);
        return
        [
            ("valid-window-one", oneRecord),
            ("valid-window-three", StoreRecord(three, tombstone: false)),
            ("valid-tombstone", StoreRecord(null, tombstone: true)),
            ("valid-statistics", StatsRecord.Value(new StatsLine(new EntityCounts(120, 14, 3), 4_711, 815))),
            ("broken-window-count", [.. oneRecord[..(ChangelogFuzzTarget.HeaderLength + KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>.ValuePrefix + 1)], 0xFF, 0xFF]),
            ("broken-window-truncated", oneRecord[..^5]),
        ];
    }

    private static ParcelRecord Parcel(string manifestId, string trackingNumber, long eventTime, string[]? related)
    {
        var r = ParcelRecord.Create(Encoding.UTF8.GetBytes(manifestId), Encoding.UTF8.GetBytes(trackingNumber));
        r.ContentHash = 0x0123_4567_89AB_CDEF;
        r.ValueCents = 14_900;
        r.EventTimeMillis = eventTime;
        r.RiskScore = 0.25f;
        r.Outcome = 1;
        r.Flags = (ParcelFlags)1;
        r.Related = related?.Select(Encoding.UTF8.GetBytes).ToArray();
        return r;
    }

    /// <summary>A changelog target input: flags, key, then (unless a tombstone) the event-time prefix and the window.</summary>
    private static byte[] StoreRecord(ParcelWindow? window, bool tombstone)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Span<byte> head = buffer.GetSpan(ChangelogFuzzTarget.HeaderLength);
        head[0] = tombstone ? (byte)1 : (byte)0;
        new ConsigneeKey(0x1122_3344_5566_7788, 0x99AA_BBCC_DDEE_FF00).WriteTo(head[1..]);
        buffer.Advance(ChangelogFuzzTarget.HeaderLength);
        if (window is not null)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), 1_795_000_120_000);
            buffer.Advance(8);
            default(ParcelWindowCodec).WriteValue(window, buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static List<(string Name, byte[] Bytes)> DecidedSeeds()
    {
        byte[] hold = Decided("MF-2026-11-23-000000001", ["value.undervalued", "party.watch-list"], random: false, "S-4411", Outcome.Hold);
        return
        [
            ("valid-hold", hold),
            ("valid-random-inspect", Decided("M", [], random: true, string.Empty, Outcome.Inspect)),
            ("broken-truncated", hold[..(hold.Length / 2)]),
            ("broken-outcome", Decided("M", ["r"], random: false, "S", (Outcome)7)),
        ];
    }

    /// <summary>A decided record written field by field, as <see cref="DecidedRecord.Write"/> lays it out.</summary>
    private static byte[] Decided(string manifestId, string[] rules, bool random, string seller, Outcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new AvroWriter(buffer);
        w.WriteString(manifestId);
        if (rules.Length > 0)
        {
            w.WriteBlockStart(rules.Length);
            foreach (string rule in rules)
            {
                w.WriteString(rule);
            }
        }

        w.WriteBlockEnd();
        w.WriteBoolean(random);
        w.WriteString(seller);
        w.WriteLong(0x0FED_CBA9_8765_4321);
        w.WriteInt((int)outcome);
        w.WriteLong(1_795_000_000_000);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static List<(string Name, byte[] Bytes)> HeaderSeeds() =>
    [
        ("valid-risk-history", "seller=3/41;consignor=0/2;prior=1.5/28.5"u8.ToArray()),
        ("valid-risk-history-unknown", "seller=0/0;consignor=0/0;prior=0/0"u8.ToArray()),
        ("valid-statistics-key-seller", "seller:S-4411@3"u8.ToArray()),
        ("valid-statistics-key-consignor", "consignor:00000000000000ff@0"u8.ToArray()),
        ("valid-statistics-key-baseline", "baseline@11"u8.ToArray()),
        ("valid-feedback-key-rule", "rule-random:value.undervalued"u8.ToArray()),
        ("broken-risk-history", "seller=3/41;consignor=0/;prior=1.5/28.5"u8.ToArray()),
    ];
}
