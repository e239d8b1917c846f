using System.Security.Cryptography;

namespace ParcelStream.Backtest.Tests;

/// <summary>
/// Pins the decisions on the sample history: the SHA-256 of each pack's JSON Lines output as written by the engine
/// before its evaluation was flattened and sped up (commit 546c6b3). An optimisation of the engine must not change a
/// single decision, score digit or reason; a deliberate change of the default or the stricter pack, of the sample, or
/// of the decision format needs the new digest here, with the reason in the commit. Last changed by the default pack's
/// 2026-12 review (2026.12.1), and for both packs a reason code counting once per parcel and the escalation detail
/// "N or more reason codes hit".
/// </summary>
public sealed class PinnedDecisionsTests(SampleReplay sample) : IClassFixture<SampleReplay>
{
    [Theory]
    [InlineData("default", "636693eb4a7d72734041f69c5332e3a5951a9a45a0ad3a4ff4213ae8202d8427")]
    [InlineData("stricter", "6764988d9aac9fedd335a60e52982135ebf12413aa8b528d4d86055699642cc9")]
    public void Run_SampleHistory_DecisionsByteIdenticalToPinnedDigest(string pack, string expectedSha256)
    {
        string path = pack == "default" ? sample.BaselineJson : sample.CandidateJson;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.True(actual == expectedSha256, $"decisions of the {pack} pack on {Samples.History} changed: SHA-256 {actual}, pinned {expectedSha256}");
    }
}
