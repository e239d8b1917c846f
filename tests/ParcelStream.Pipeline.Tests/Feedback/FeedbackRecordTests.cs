using System.Buffers;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Tests.Feedback;

public sealed class FeedbackRecordTests
{
    private static ManifestView View(string seller, string consignor)
    {
        var m = new ManifestRecord
        {
            ManifestId = "MF-1",
            TrackingNumber = "TN-1",
            OperatorCode = "OP",
            Currency = "EUR",
            SellerId = seller,
            Consignor = new PartyRecord { Name = consignor, AddressLine1 = "1 Road", City = "Shenzhen", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Buyer", AddressLine1 = "2 Street", City = "Berlin", CountryCode = "DE" },
        };
        byte[] bytes = ManifestEncoder.ToBytes(m);
        var view = new ManifestView();
        Assert.False(new ManifestDecoder(SchemaRegistry.Default).Decode(bytes, 0, bytes.Length, view).IsError);
        return view;
    }

    [Fact]
    public void DecidedRecord_Written_ReadsBackWithoutTheRandomSelectionAsARule()
    {
        ManifestView view = View(" S-77 ", "Acme Trading");
        var decision = new CustomsDecision();
        decision.Reset();
        decision.SetManifest(view.ManifestId, view.TrackingNumber);
        decision.AddReason("de-minimis-eu"u8, "OVER_DE_MINIMIS"u8, "x"u8);
        decision.AddReason("engine.random-selection"u8, "RANDOM_SELECTION"u8, "x"u8);
        decision.AddReason("engine.risk-score"u8, "RISK_SCORE"u8, "x"u8);
        decision.Outcome = Outcome.Inspect;
        decision.DecidedAtMillis = 1_795_000_000_000;
        var buffer = new ArrayBufferWriter<byte>();
        DecidedRecord.Write(buffer, view, decision);

        Assert.True(DecidedRecord.TryRead(buffer.WrittenSpan, out DecidedParcel? parcel));
        Assert.Equal(DecidedParcel.From(view, decision) with { RuleIds = parcel!.RuleIds }, parcel);
        Assert.Equal(["de-minimis-eu", "engine.risk-score"], parcel.RuleIds);
        Assert.True(parcel.RandomSelection);
        Assert.Equal("S-77", parcel.SellerId);
        Assert.Equal(PartyKeys.Consignor("ACME trading"u8, "cn"u8), parcel.ConsignorKey);
        Assert.False(DecidedRecord.TryRead(buffer.WrittenSpan[..^1], out _));
    }

    [Theory]
    [InlineData("rule:de-minimis-eu", 3)]
    [InlineData("seller:S@1", 0)]
    [InlineData("baseline", 11)]
    public void StatsRecord_KeyAndValue_RoundTrip(string line, int partition)
    {
        Assert.True(FeedbackKey.TryParse(line, out FeedbackKey key));
        var share = new StatsLine(new EntityCounts(7, 5, 2), 1_234, 56);
        Assert.True(StatsRecord.TryParseKey(StatsRecord.Key(key, partition), out FeedbackKey backKey, out int backPartition));
        Assert.Equal((key, partition), (backKey, backPartition));
        Assert.True(StatsRecord.TryReadValue(StatsRecord.Value(share), out StatsLine back));
        Assert.Equal(share, back);
    }

    [Theory]
    [InlineData("rule:x")]
    [InlineData("rule:x@")]
    [InlineData("nothing@2")]
    public void StatsRecord_NotAKey_IsRejected(string key) =>
        Assert.False(StatsRecord.TryParseKey(System.Text.Encoding.UTF8.GetBytes(key), out _, out _));

    [Fact]
    public void Validate_TopicUsedTwice_NamesTheKey()
    {
        var options = new FeedbackOptions { StatsTopic = "parcels.feedback.decided" };
        InvalidConfigurationException e = Assert.Throws<InvalidConfigurationException>(() => options.Validate(new WorkerOptions { BootstrapServers = "x" }));
        Assert.Equal("ParcelStream:Feedback:StatsTopic", e.Key);
    }
}
