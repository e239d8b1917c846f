using System.Security.Cryptography;

namespace ParcelStream.Backtest.Tests;

/// <summary>
/// Pins the decisions on the sample history: the SHA-256 of each pack's JSON Lines output as written by the engine
/// before its evaluation was flattened and sped up (commit 546c6b3). An optimisation of the engine must not change a
/// single decision, score digit or reason; a deliberate change of the default or the stricter pack, of the sample, or
/// of the decision format needs the new digest here, with the reason in the commit.
/// </summary>
public sealed class PinnedDecisionsTests(SampleReplay sample) : IClassFixture<SampleReplay>
{
    [Theory]
    [InlineData("default", "21e3f50852f21df54b1dce6c108b5833d3161e26b9c818e14b565bb9e4f2ce4a")]
    [InlineData("stricter", "efd222c8f474597e48bdf20bb6251eef67b8ea9a3f6f4ced32e0ed2a5428b6f6")]
    public void Run_SampleHistory_DecisionsByteIdenticalToPinnedDigest(string pack, string expectedSha256)
    {
        string path = pack == "default" ? sample.BaselineJson : sample.CandidateJson;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.True(actual == expectedSha256, $"decisions of the {pack} pack on {Samples.History} changed: SHA-256 {actual}, pinned {expectedSha256}");
    }
}
