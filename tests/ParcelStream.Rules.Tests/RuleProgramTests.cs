using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>
/// The flattened program (jumps instead of all / any / not nodes, item loops, anyItem over a bit OR-ed over the lines)
/// must give every rule the same truth value as the condition tree it was built from.
/// </summary>
public sealed class RuleProgramTests
{
    private const string ShapesYaml = """
        rules:
          - id: all-items-prefix
            code: TEST
            description: Every line in HS 85 or 39.
            when: { allItems: { field: hsCode, prefix: ["85", "39"] } }
            effect: { weight: 1 }
          - id: all-items-keyword
            code: TEST
            description: Every line a cable or a case.
            when: { allItems: { field: description, containsWord: [cable, case] } }
            effect: { weight: 1 }
          - id: all-items-nested
            code: TEST
            description: Every line several units or not a phone.
            when:
              allItems:
                any:
                  - { field: quantity, gte: 2 }
                  - not: { field: description, containsWord: [phone] }
            effect: { weight: 1 }
          - id: any-item-only-words
            code: TEST
            description: A line described only by vague words.
            when: { anyItem: { field: description, onlyWords: [gift, parts, cable] } }
            effect: { weight: 1 }
          - id: no-chinese-electronics
            code: TEST
            description: No line is Chinese electronics.
            when:
              not:
                anyItem:
                  all:
                    - { field: hsCode, prefix: ["85"] }
                    - { field: originCountry, in: [CN] }
            effect: { weight: 1 }
          - id: mixed
            code: TEST
            description: Mixed manifest and line conditions.
            when:
              any:
                - all:
                    - { field: destinationCountry, in: [DE, FR] }
                    - not: { field: iossNumber, present: true }
                - allItems: { field: value, gt: 10, currency: EUR }
                - { field: itemCount, gte: 3 }
            effect: { weight: 1 }
          - id: any-item-not-keyword
            code: TEST
            description: A line that is not a case.
            when: { anyItem: { not: { field: description, containsWord: [case] } } }
            effect: { weight: 1 }
        """;

    private static readonly string[] s_descriptions =
    [
        "Bluetooth headphones, over-ear", "USB-C charging cable 1m", "Silicone phone case", "gift", "Gifts, parts", "cable",
        "Phone case cable", "Jürgen's Gift-Box", "Power bank 10000mAh", "replica watch AAA quality", "", "   ", "ivory",
        "Café crème tasse", "parts parts gift", "seeds for sowing", "case", "Handy-Hülle für iPhone", "Carved ivory figurine",
        "Prescription medicine tablets", "Nicotine pouches", "Rolex wristwatch", "Smartphone 6.5 inch",
    ];

    private static readonly string[] s_hsCodes = ["851830", "854442", "392690", "930400", "850760", "420221", "8518", "610910", "91", "0101"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Evaluate_RandomManifests_ProgramAgreesWithConditionTree(bool defaultPack)
    {
        using TempPack shapes = TempPack.WithRules(ShapesYaml);
        RulePack pack = defaultPack ? RuleHarness.DefaultPack : RulePack.Load(shapes.Directory);
        var harness = new RuleHarness(pack);
        var random = new Random(20261123);
        var byProgram = new bool[pack.RuleCount];
        var byTree = new bool[pack.RuleCount];
        var hits = new int[pack.RuleCount];
        for (int n = 0; n < 400; n++)
        {
            harness.Load(RandomManifest(random));
            pack.EvaluateBothWays(harness.View, byProgram, byTree);
            for (int r = 0; r < pack.RuleCount; r++)
            {
                Assert.True(byProgram[r] == byTree[r], $"manifest {n}, rule {pack.RuleIds[r]}: program {byProgram[r]}, tree {byTree[r]}");
                hits[r] += byProgram[r] ? 1 : 0;
            }
        }

        // Both outcomes of each shape rule occur, so the comparison covers the jumps either way.
        if (!defaultPack)
        {
            Assert.All(hits, h => Assert.InRange(h, 1, 399));
        }
    }

    [Theory]
    [InlineData("default")]
    [InlineData("stricter")]
    [InlineData("shapes")]
    public void EvaluateAll_RandomManifests_CompiledAgreesWithInterpreter(string which)
    {
        using TempPack shapes = TempPack.WithRules(ShapesYaml);
        RulePack pack = which switch
        {
            "default" => RuleHarness.DefaultPack,
            "stricter" => RulePack.Load(Path.Combine(AppContext.BaseDirectory, "samples", "rules-stricter")),
            _ => RulePack.Load(shapes.Directory),
        };
        var harness = new RuleHarness(pack);
        var random = new Random(20261124);
        int words = (pack.RuleCount + 63) / 64;
        var compiled = new ulong[words];
        var interpreted = new ulong[words];
        var hits = new int[pack.RuleCount];
        const int Manifests = 3000;
        for (int n = 0; n < Manifests; n++)
        {
            harness.Load(VariedManifest(random));
            RiskHistory history = random.Next(3) == 0 ? default : new RiskHistory(random.Next(4), random.Next(8), random.Next(4), random.Next(8), 1, 9);
            // createdAtOutOfRange both ways and unknown: the window around a record time, or no record time.
            var window = random.Next(3) == 0 ? default : new CreatedAtWindow(TestManifests.November2026, 30 * 86_400_000L, 86_400_000L);
            Assert.True(pack.EvaluateCompiledAndInterpreted(harness.View, history, compiled, interpreted, window), "not compiled, or the hit counts differ");
            for (int r = 0; r < pack.RuleCount; r++)
            {
                bool byCompiled = (compiled[r >> 6] & (1UL << r)) != 0;
                bool byInterpreter = (interpreted[r >> 6] & (1UL << r)) != 0;
                Assert.True(byCompiled == byInterpreter, $"manifest {n}, rule {pack.RuleIds[r]}: compiled {byCompiled}, interpreted {byInterpreter}");
                hits[r] += byCompiled ? 1 : 0;
            }
        }

        // Every rule both holds and fails on some manifest, so each comparison covers both of its ends.
        Assert.All(Enumerable.Range(0, pack.RuleCount), r => Assert.True(hits[r] is > 0 and < Manifests, $"{pack.RuleIds[r]} held on {hits[r]} of {Manifests}"));
    }

    /// <summary>A manifest varied in every field some rule reads: enums, countries, amounts, dates, parties, lines.</summary>
    private static ManifestRecord VariedManifest(Random random)
    {
        ManifestRecord m = RandomManifest(random);
        T Pick<T>(params T[] values) => values[random.Next(values.Length)];
        m.OperatorType = Pick(OperatorType.Postal, OperatorType.Express, OperatorType.Courier);
        m.TransportMode = Pick(TransportMode.Air, TransportMode.Road, TransportMode.Sea);
        m.Category = Pick(Enum.GetValues<Category>());
        m.CreatedAtMillis = random.Next(40) == 0
            ? Pick(0, -1, long.MinValue, long.MaxValue)
            : new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(5 * 365)).ToUnixTimeMilliseconds();
        m.TrackingNumber = Pick("RR123456785CN", "RR123456786CN", "1Z999AA10123456784");
        m.AirWaybill = Pick("784-12345675", null, " ");
        m.DepartureCountry = Pick("CN", "US", "MX", "IR", "HK", "DE");
        m.DestinationCountry = Pick("DE", "FR", "US", "GB", "CA", "AU", "CH");
        m.Currency = Pick("EUR", "USD", "GBP", "CNY", "CAD", "XXX");
        m.TotalValueMinor = Pick(0, 1_000, 4_797, 14_000, 15_001, 90_000, 200_000, -1_000);
        m.GrossWeightGrams = Pick(0, 300, 850, 5_000, -850);
        m.Pieces = Pick(0, 1, 2, -1);
        m.IossNumber = Pick(null, "IM2760000011", "IM27600000", "  ");
        m.MarketplaceId = Pick(null, "MKT-ALI");
        m.SellerId = Pick(null, "S-4411", "");
        m.Consignor.Name = Pick("Shenzhen Bright Trading Co., Ltd.", "Zhonghai Precision Components Ltd", "unknown", "", "Zhong Hai Precisoin Components");
        m.Consignor.City = Pick("Shenzhen", "", "Hong Kong");
        m.Consignor.CountryCode = Pick("CN", "HK", "DE", "");
        m.Consignee.Name = Pick("Jürgen Müller", "Nordwind Trading", "n/a", "NW Dual Use Trading GmbH", " ");
        m.Consignee.AddressLine1 = Pick("Hauptstraße 12", "");
        m.Consignee.CountryCode = Pick("DE", "US", "");
        m.Consignee.TaxId = Pick(null, "DE123456789012345");
        foreach (ItemRecord item in m.Items)
        {
            item.Quantity = random.Next(7);
            item.ValueMinor = Pick(0, 50, 1_200, 2_999, 40_000, -50, 1L << 62, long.MaxValue, long.MinValue);
        }

        return m;
    }

    private static ManifestRecord RandomManifest(Random random)
    {
        ManifestRecord m = TestManifests.Clean();
        m.DestinationCountry = random.GetItems<string>(["DE", "FR", "US", "GB"], 1)[0];
        m.IossNumber = random.Next(2) == 0 ? null : "IM2760000011";
        m.Items.Clear();
        int items = random.Next(5);
        for (int i = 0; i < items; i++)
        {
            m.Items.Add(new ItemRecord
            {
                Description = random.GetItems(s_descriptions, 1)[0],
                HsCode = random.GetItems(s_hsCodes, 1)[0],
                Quantity = random.Next(4),
                NetWeightGrams = random.Next(0, 500),
                ValueMinor = random.Next(0, 4_000),
                OriginCountry = random.GetItems<string>(["CN", "DE", "KP"], 1)[0],
            });
        }

        return m;
    }
}
