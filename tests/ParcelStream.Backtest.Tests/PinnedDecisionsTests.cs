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
    [InlineData("default", "987295393da2b68e87e2e4d70c1f91573024eef638f356b86d3091055cc7519c")]
    [InlineData("stricter", "5ce8cf74ec55cc0a660b43a42bf1880db29523c68c46d7e58f930961cef45a4f")]
    public void Run_SampleHistory_DecisionsByteIdenticalToPinnedDigest(string pack, string expectedSha256)
    {
        string path = pack == "default" ? sample.BaselineJson : sample.CandidateJson;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.True(actual == expectedSha256, $"decisions of the {pack} pack on {Samples.History} changed: SHA-256 {actual}, pinned {expectedSha256}");
    }
}
