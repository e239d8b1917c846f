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
    [InlineData("default", "838ab2d703c5ea1a3265ece18144087967eebe20ce326236fe2a50886636625b")]
    [InlineData("stricter", "d18fcf7158f68d2d44a6235d1a0f746a408689a52b85021db550eb8378e472f5")]
    public void Run_SampleHistory_DecisionsByteIdenticalToPinnedDigest(string pack, string expectedSha256)
    {
        string path = pack == "default" ? sample.BaselineJson : sample.CandidateJson;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.True(actual == expectedSha256, $"decisions of the {pack} pack on {Samples.History} changed: SHA-256 {actual}, pinned {expectedSha256}");
    }
}
