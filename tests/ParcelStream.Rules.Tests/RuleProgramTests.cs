using ParcelStream.Codec.Manifest;
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
        "Café crème tasse", "parts parts gift", "seeds for sowing", "case", "Handy-Hülle für iPhone",
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
