using System.Buffers;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;
using ParcelStream.Rules.Identifiers;

namespace ParcelStream.DevTools.Tests;

public sealed class ManifestGeneratorTests
{
    private static readonly ManifestKind[] s_singleFlawKinds =
    [
        ManifestKind.MissingIcs2Data, ManifestKind.VagueDescription, ManifestKind.InvalidS10CheckDigit, ManifestKind.InvalidHsCode,
        ManifestKind.ProhibitedGoods, ManifestKind.Undervalued, ManifestKind.ValueMismatch, ManifestKind.WeightMismatch,
        ManifestKind.GiftFromMarketplace, ManifestKind.InvalidIoss, ManifestKind.IossOverThreshold,
    ];

    public static TheoryData<MessageFraming> Framings => [MessageFraming.Raw, MessageFraming.Confluent, MessageFraming.SingleObject];

    public static TheoryData<ManifestKind> FlawKinds => [.. s_singleFlawKinds];

    [Theory]
    [MemberData(nameof(Framings))]
    public void NextMessage_SameSeed_SameBytesAndKinds(MessageFraming framing)
    {
        var a = new ManifestGenerator(Options(seed: 1234));
        var b = new ManifestGenerator(Options(seed: 1234));
        var bufferA = new ArrayBufferWriter<byte>();
        var bufferB = new ArrayBufferWriter<byte>();

        for (int i = 0; i < 3_000; i++)
        {
            bufferA.ResetWrittenCount();
            bufferB.ResetWrittenCount();
            GeneratedMessage ma = a.NextMessage(bufferA, framing);
            GeneratedMessage mb = b.NextMessage(bufferB, framing);

            Assert.Equal(ma.Kind, mb.Kind);
            Assert.Equal(ma.Length, bufferA.WrittenCount);
            Assert.True(bufferA.WrittenSpan.SequenceEqual(bufferB.WrittenSpan), $"message {i} differs");
        }
    }

    [Fact]
    public void NextMessage_DifferentSeeds_DifferentBytes()
    {
        var a = new ManifestGenerator(Options(seed: 1));
        var b = new ManifestGenerator(Options(seed: 2));
        var bufferA = new ArrayBufferWriter<byte>();
        var bufferB = new ArrayBufferWriter<byte>();

        int same = 0;
        for (int i = 0; i < 100; i++)
        {
            bufferA.ResetWrittenCount();
            bufferB.ResetWrittenCount();
            a.NextMessage(bufferA, MessageFraming.Raw);
            b.NextMessage(bufferB, MessageFraming.Raw);
            same += bufferA.WrittenSpan.SequenceEqual(bufferB.WrittenSpan) ? 1 : 0;
        }

        Assert.Equal(0, same);
    }

    [Fact]
    public void Next_ReusedRecord_SameSequenceAsFreshRecords()
    {
        var reusing = new ManifestGenerator(Options(seed: 99));
        var fresh = new ManifestGenerator(Options(seed: 99));
        var reused = new ManifestRecord();

        for (int i = 0; i < 1_000; i++)
        {
            var record = new ManifestRecord();
            Assert.Equal(fresh.Next(record), reusing.Next(reused));
            Assert.Equal(ManifestEncoder.ToBytes(record), ManifestEncoder.ToBytes(reused));
        }
    }

    [Fact]
    public void Next_PostalItems_HaveValidS10IdsFromTheDepartureCountry()
    {
        var generator = new ManifestGenerator(Options(seed: 5));
        var m = new ManifestRecord();
        int postal = 0;

        for (int i = 0; i < 5_000; i++)
        {
            ManifestKind kind = generator.Next(m);
            if (m.OperatorType != OperatorType.Postal)
            {
                Assert.False(S10Id.IsValid(m.TrackingNumber) && m.TrackingNumber.Length == 13 && char.IsAsciiLetter(m.TrackingNumber[0]), $"express id looks like S10: {m.TrackingNumber}");
                continue;
            }

            postal++;
            Assert.Equal(kind != ManifestKind.InvalidS10CheckDigit, S10Id.IsValid(m.TrackingNumber));
            Assert.EndsWith(m.DepartureCountry, m.TrackingNumber, StringComparison.Ordinal);
        }

        Assert.InRange(postal, 2_000, 3_500);
    }

    [Fact]
    public void NextMessage_EachKind_ProducedAtRoughlyItsShare()
    {
        var options = new GeneratorOptions { Seed = 2024, UseRulePackWatchLists = false };
        foreach (ManifestKind kind in options.Shares.Keys.ToArray())
        {
            options.Shares[kind] = 0.04;
        }

        var generator = new ManifestGenerator(options);
        var buffer = new ArrayBufferWriter<byte>();
        var counts = new Dictionary<ManifestKind, int>();
        const int N = 30_000;

        for (int i = 0; i < N; i++)
        {
            buffer.ResetWrittenCount();
            ManifestKind kind = generator.NextMessage(buffer, MessageFraming.Confluent).Kind;
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        foreach (ManifestKind kind in Enum.GetValues<ManifestKind>())
        {
            double p = kind == ManifestKind.Clean ? 1 - options.RiskyShare : 0.04;
            double expected = N * p;
            double sigma = Math.Sqrt(N * p * (1 - p));
            Assert.InRange(counts.GetValueOrDefault(kind), expected - (5 * sigma), expected + (5 * sigma));
        }
    }

    [Fact]
    public void Next_NoUndecodableShare_NeverReturnsUndecodable()
    {
        var options = new GeneratorOptions { Seed = 3, UseRulePackWatchLists = false };
        options.Shares[ManifestKind.Undecodable] = 0.5;
        var generator = new ManifestGenerator(options);
        var m = new ManifestRecord();

        for (int i = 0; i < 2_000; i++)
        {
            Assert.NotEqual(ManifestKind.Undecodable, generator.Next(m));
        }
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void NextMessage_Decodable_DecodesWithManifestDecoderToTheRecord(MessageFraming framing)
    {
        var generator = new ManifestGenerator(Options(seed: 77, riskyShare: 0.5));
        var detecting = new ManifestDecoder(SchemaRegistry.Default);
        var configured = new ManifestDecoder(SchemaRegistry.Default, framing: framing);
        var view = new ManifestView();
        var buffer = new ArrayBufferWriter<byte>();
        int undecodable = 0;

        for (int i = 0; i < 5_000; i++)
        {
            buffer.ResetWrittenCount();
            GeneratedMessage message = generator.NextMessage(buffer, framing);
            byte[] bytes = buffer.WrittenSpan.ToArray();
            AvroError byDetection = detecting.Decode(bytes, 0, bytes.Length, view);
            AvroError byConfiguration = configured.Decode(bytes, 0, bytes.Length, view);

            if (message.Kind == ManifestKind.Undecodable)
            {
                undecodable++;
                Assert.True(byDetection.IsError, $"undecodable message {i} decoded by detection");
                Assert.True(byConfiguration.IsError, $"undecodable message {i} decoded as {framing}");
                continue;
            }

            Assert.False(byDetection.IsError, $"{message.Kind} message {i}: {byDetection}");
            Assert.False(byConfiguration.IsError, $"{message.Kind} message {i}: {byConfiguration}");
            Assert.Equal(message.Record.TrackingNumber, System.Text.Encoding.UTF8.GetString(view.TrackingNumber));
            Assert.Equal(message.Record.TotalValueMinor, view.TotalValueMinor);
            Assert.Equal(message.Record.Items.Count, view.ItemCount);
        }

        Assert.True(undecodable > 20, $"only {undecodable} undecodable messages");
    }

    [Theory]
    [MemberData(nameof(FlawKinds))]
    public void Next_FlawKind_HasThatFlaw(ManifestKind kind)
    {
        var generator = new ManifestGenerator(OnlyKind(kind, seed: 11));
        var m = new ManifestRecord();
        int seen = 0;

        for (int i = 0; i < 3_000 && seen < 200; i++)
        {
            if (generator.Next(m) != kind)
            {
                continue;
            }

            seen++;
            Assert.Contains(kind, ManifestTraits.Flaws(m));
        }

        Assert.Equal(200, seen);
    }

    [Fact]
    public void Next_DefaultStartTime_DatesManifestsAroundNow()
    {
        // Dated like real traffic, so dated rules (the EU's 2026-07-01 change) apply as they would today.
        var generator = new ManifestGenerator(new GeneratorOptions { Seed = 4, UseRulePackWatchLists = false });
        var m = new ManifestRecord();
        generator.Next(m);

        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtMillis), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    [Fact]
    public void Next_StartTimeGiven_DatesManifestsFromIt()
    {
        var start = new DateTimeOffset(2026, 6, 25, 0, 0, 0, TimeSpan.Zero);
        var generator = new ManifestGenerator(new GeneratorOptions { Seed = 4, UseRulePackWatchLists = false, StartTime = start });
        var m = new ManifestRecord();
        generator.Next(m);

        Assert.InRange(m.CreatedAtMillis, start.ToUnixTimeMilliseconds(), start.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Next_Clean_HasNoFlaw()
    {
        var generator = new ManifestGenerator(Options(seed: 8, riskyShare: 0));
        var m = new ManifestRecord();

        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(ManifestKind.Clean, generator.Next(m));
            Assert.Empty(ManifestTraits.Flaws(m));
            Assert.NotEqual(m.DepartureCountry, m.DestinationCountry);
            Assert.All(m.Items, item => Assert.True(item.Quantity > 0 && item.ValueMinor > 0 && item.NetWeightGrams > 0));
        }
    }

    [Fact]
    public void Next_SplitShipments_ThreeToFiveParcelsPerConsigneeEachUnderTogetherOverEur150()
    {
        var generator = new ManifestGenerator(OnlyKind(ManifestKind.SplitShipment, seed: 21, share: 0.2));
        var m = new ManifestRecord();
        var groups = new List<List<(long EuroCents, long At)>>();
        string? current = null;

        for (int i = 0; i < 5_000; i++)
        {
            if (generator.Next(m) != ManifestKind.SplitShipment)
            {
                continue;
            }

            string consignee = $"{m.Consignee.Name}|{m.Consignee.AddressLine1}|{m.Consignee.City}|{m.SellerId}";
            if (consignee != current)
            {
                groups.Add([]);
                current = consignee;
            }

            Assert.Equal("EUR", m.Currency);
            groups[^1].Add((m.TotalValueMinor, m.CreatedAtMillis));
        }

        Assert.True(groups.Count > 100, $"{groups.Count} groups");
        foreach (List<(long EuroCents, long At)> group in groups.Take(groups.Count - 1))
        {
            Assert.InRange(group.Count, 3, 5);
            Assert.All(group, parcel => Assert.True(parcel.EuroCents < 15_000));
            Assert.True(group.Sum(p => p.EuroCents) > 15_000);
            Assert.InRange(group.Max(p => p.At) - group.Min(p => p.At), 1, 6 * 3_600_000L);
        }
    }

    [Fact]
    public void Next_DeniedParty_NameIsAWatchListNameWithAFewSlips()
    {
        var generator = new ManifestGenerator(OnlyKind(ManifestKind.DeniedParty, seed: 31));
        string[] listed = [.. generator.WatchListNames.Select(Normalize)];
        var m = new ManifestRecord();
        int seen = 0;
        int altered = 0;

        for (int i = 0; i < 3_000 && seen < 300; i++)
        {
            if (generator.Next(m) != ManifestKind.DeniedParty)
            {
                continue;
            }

            seen++;
            string? party = new[] { m.Consignor.Name, m.Consignee.Name }.FirstOrDefault(n => listed.Min(l => Distance(Normalize(n), l)) <= 4);
            Assert.True(party is not null, $"neither {m.Consignor.Name} nor {m.Consignee.Name} is near a listed name");
            altered += generator.WatchListNames.Contains(party) ? 0 : 1;
        }

        Assert.Equal(300, seen);
        Assert.True(altered > 200, $"only {altered} of 300 names were misspelt");
    }

    [Fact]
    public void Next_DeniedPartyFromTheRulePackList_ConsignorInTheListedCountry()
    {
        GeneratorOptions options = OnlyKind(ManifestKind.DeniedParty, seed: 41);
        options.UseRulePackWatchLists = true;
        var generator = new ManifestGenerator(options);
        Assert.EndsWith(Path.Combine("rules", "default"), generator.WatchListSource, StringComparison.Ordinal);
        WatchListEntry[] listed = WatchList.Load(generator.WatchListSource, out _);
        var m = new ManifestRecord();
        int checkedCountries = 0;

        for (int i = 0; i < 2_000; i++)
        {
            if (generator.Next(m) != ManifestKind.DeniedParty)
            {
                continue;
            }

            WatchListEntry? near = listed.FirstOrDefault(e => Distance(Normalize(e.Name), Normalize(m.Consignor.Name)) <= 4);
            if (near?.Country is not null)
            {
                checkedCountries++;
                Assert.Equal(near.Country, m.Consignor.CountryCode);
            }
        }

        Assert.True(checkedCountries > 50, $"{checkedCountries} consignors with a listed country");
    }

    [Fact]
    public void Next_Clean_NoPartyNearAWatchListName()
    {
        GeneratorOptions options = Options(seed: 51, riskyShare: 0);
        options.UseRulePackWatchLists = true;
        var generator = new ManifestGenerator(options);
        string[] listed = [.. generator.WatchListNames.Concat(WatchList.BuiltIn.Select(e => e.Name)).Select(Normalize)];
        var m = new ManifestRecord();

        for (int i = 0; i < 3_000; i++)
        {
            generator.Next(m);
            foreach (string name in new[] { m.Consignor.Name, m.Consignee.Name })
            {
                string normalized = Normalize(name);
                Assert.True(listed.All(l => Distance(normalized, l) > 4), $"clean party '{name}' is near a watch-list name");
            }
        }
    }

    [Fact]
    public void Constructor_SharesOverOne_Throws()
    {
        var options = new GeneratorOptions();
        options.Shares[ManifestKind.VagueDescription] = 0.95;

        Assert.Throws<ArgumentException>(() => new ManifestGenerator(options));
    }

    [Fact]
    public void WithRiskyShare_Half_KeepsProportionsAndSumsToHalf()
    {
        var options = new GeneratorOptions().WithRiskyShare(0.5);

        Assert.Equal(0.5, options.RiskyShare, 9);
        Assert.Equal(0.03 / 0.005, options.Shares[ManifestKind.SplitShipment] / options.Shares[ManifestKind.DeniedParty], 9);
    }

    private static GeneratorOptions Options(ulong seed, double riskyShare = 0.23) =>
        new GeneratorOptions { Seed = seed, UseRulePackWatchLists = false }.WithRiskyShare(riskyShare);

    private static GeneratorOptions OnlyKind(ManifestKind kind, ulong seed, double share = 0.1)
    {
        var options = new GeneratorOptions { Seed = seed, UseRulePackWatchLists = false };
        foreach (ManifestKind k in options.Shares.Keys.ToArray())
        {
            options.Shares[k] = k == kind ? share : 0;
        }

        return options;
    }

    private static string Normalize(string name) =>
        new([.. ManifestParts.Ascii(name).ToLowerInvariant().Where(char.IsAsciiLetter)]);

    private static int Distance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] row = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, row) = (row, previous);
        }

        return previous[b.Length];
    }
}
