using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Stateful;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests.Stateful;

/// <summary>Parcels to one consignee, a recording changelog sink and an amendment collector for the stateful tests.</summary>
internal static class StatefulTestSupport
{
    public const long Hour = 3_600_000;

    /// <summary>A clean parcel with one goods line of <paramref name="valueMinor"/> EUR cents.</summary>
    public static ManifestRecord Parcel(int n, long valueMinor, long createdAt, string? tracking = null, string consigneeName = "Jürgen Müller")
    {
        ManifestRecord m = TestManifests.Clean();
        m.ManifestId = $"MF-SPLIT-{n:D4}";
        m.TrackingNumber = tracking ?? S10(n);
        m.CreatedAtMillis = createdAt;
        m.TotalValueMinor = valueMinor;
        m.Consignee.Name = consigneeName;
        m.Items.Clear();
        m.Items.Add(new ItemRecord { Description = "Bluetooth headphones, over-ear", HsCode = "851830", Quantity = 1, NetWeightGrams = 320, ValueMinor = valueMinor, OriginCountry = "CN" });
        return m;
    }

    /// <summary>A valid UPU S10 id (check digit per customs-domain.md section 4) for serial <paramref name="serial"/>.</summary>
    public static string S10(int serial)
    {
        string digits = serial.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        int[] weights = [8, 6, 4, 2, 3, 5, 9, 7];
        int sum = 0;
        for (int i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        int check = 11 - (sum % 11);
        check = check == 10 ? 0 : check == 11 ? 5 : check;
        return $"RR{digits}{check}CN";
    }

    public static KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec> Store(IChangelogSink? sink = null, TimeSpan? window = null) =>
        new("split-store", 0, sink is null ? null : "changelog", sink, window ?? SplitShipmentSettings.DefaultWindow);

    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    public static List<string> Related(CustomsDecision d) => [.. Enumerable.Range(0, d.RelatedCount).Select(i => Text(d.Related(i)))];

    public static List<string> Codes(CustomsDecision d) => [.. Enumerable.Range(0, d.ReasonCount).Select(i => Text(d.ReasonCode(i)))];

    /// <summary>What a decision says, as one comparable string (decidedAt left out: not part of determinism).</summary>
    public static string Describe(CustomsDecision d) =>
        $"{Text(d.ManifestId)} {d.Kind} {d.Outcome} {d.RiskScore:R} [{string.Join(",", RuleHarness.Reasons(d))}] related [{string.Join(",", Related(d))}]";
}

/// <summary>Keeps every changelog record, in order.</summary>
internal sealed class RecordingSink : IChangelogSink
{
    public List<(byte[] Key, byte[]? Value)> Records { get; } = [];

    public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) =>
        Records.Add((key.ToArray(), tombstone ? null : value.ToArray()));

    public void RestoreInto(KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec> store)
    {
        foreach ((byte[] key, byte[]? value) in Records)
        {
            Assert.True(store.Restore(key, value, value is null));
        }
    }
}

/// <summary>Keeps every amendment, described.</summary>
internal sealed class AmendmentCollector : IAmendmentSink
{
    public List<string> Published { get; } = [];

    public List<(string ManifestId, DecisionKind Kind, Outcome Outcome, List<string> Related, List<string> Codes)> Details { get; } = [];

    public void Publish(CustomsDecision amendment)
    {
        Published.Add(StatefulTestSupport.Describe(amendment));
        Details.Add((StatefulTestSupport.Text(amendment.ManifestId), amendment.Kind, amendment.Outcome, StatefulTestSupport.Related(amendment), StatefulTestSupport.Codes(amendment)));
    }
}
