using ParcelStream.Rules.Learning;

namespace ParcelStream.Rules.Tests.Learning;

/// <summary>Small hand-built models whose outputs can be worked out by hand.</summary>
internal static class TestModels
{
    /// <summary>Median value per kg of HS 851830 in <see cref="Norms"/>: the clean test manifest's headphones are at 93.7 EUR/kg.</summary>
    public const float HeadphonesValuePerKg = 90f;

    /// <summary>Norms knowing the clean manifest's three sub-headings.</summary>
    public static FeatureNorms Norms() => new(
        0.03,
        new Dictionary<int, HsNorm>
        {
            [851830] = new(HeadphonesValuePerKg, 30f, 0.3f, 0.02f),
            [854442] = new(75f, 3f, 0.04f, 0.01f),
            [392690] = new(200f, 12f, 0.06f, 0.02f),
        },
        new Dictionary<int, float> { [RiskFeatures.RouteKey("CN"u8, "DE"u8)] = 0.04f },
        new Dictionary<ulong, float>(),
        new Dictionary<ulong, WordNorm>());

    /// <summary>
    /// Two trees: value per kg at most 0.3x its median adds 3 (else -1); a seller risk above 0.2 adds 2 (else -0.5;
    /// missing history is -1, so it goes left). Calibration p = 1 / (1 + exp(-margin + 2)).
    /// </summary>
    public static RiskModel TwoTrees(string version = "test-model-1")
    {
        TreeNode[] nodes =
        [
            new((int)RiskFeature.ValuePerKgRatio, 0.3f, ~0, ~1),
            new((int)RiskFeature.SellerRisk, 0.2f, ~2, ~3),
        ];
        double[] leaves = [3, -1, -0.5, 2];
        double[] nodeValues = [-0.9, -0.4];
        var trees = new TreeEnsemble(nodes, nodeValues, leaves, [0, 1], RiskFeatures.Count);
        return new RiskModel(version, new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), Norms(), trees, -1, 2);
    }
}
