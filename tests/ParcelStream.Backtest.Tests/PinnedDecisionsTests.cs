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
    [InlineData("default", "643712a05e22e6017bd4b76ee167e73b99f5a8a2d046828a6438c0eb247b01e9")]
    [InlineData("stricter", "3425f5f44f2ba061cfb5a0e224aa228833436f671bc95041d1248123e634164e")]
    public void Run_SampleHistory_DecisionsByteIdenticalToPinnedDigest(string pack, string expectedSha256)
    {
        string path = pack == "default" ? sample.BaselineJson : sample.CandidateJson;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(10_000, File.ReadLines(path).Count());
        Assert.True(actual == expectedSha256, $"decisions of the {pack} pack on {Samples.History} changed: SHA-256 {actual}, pinned {expectedSha256}");
    }
}
