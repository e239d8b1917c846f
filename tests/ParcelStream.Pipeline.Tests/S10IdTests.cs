using ParcelStream.Pipeline.Generation;

namespace ParcelStream.Pipeline.Tests;

public sealed class S10IdTests
{
    [Theory]
    [InlineData("12345678", 5)] // customs-domain.md section 4 worked example: S = 204, 204 mod 11 = 6, C = 5
    [InlineData("10000014", 0)] // S = 45, 45 mod 11 = 1, C = 10 -> 0
    [InlineData("47312482", 9)] // S = 200, 200 mod 11 = 2, C = 9
    [InlineData("00000000", 5)] // S = 0, C = 11 -> 5
    public void CheckDigit_KnownSerials_MatchesHandComputation(string serial, int expected)
    {
        Assert.Equal(expected, S10Id.CheckDigit(serial));
    }

    [Theory]
    [InlineData("RR123456785CN", true)]
    [InlineData("CP000000005DE", true)]
    [InlineData("RR123456784CN", false)]
    [InlineData("RR12345678CN", false)]
    [InlineData("rr123456785CN", false)]
    [InlineData("RR1234567X5CN", false)]
    [InlineData("RR123456785C1", false)]
    [InlineData("", false)]
    public void IsValid_Ids_AcceptsOnlyWellFormedWithCorrectCheckDigit(string id, bool expected)
    {
        Assert.Equal(expected, S10Id.IsValid(id));
    }

    [Fact]
    public void Create_ManyIds_ValidUnlessAskedForAWrongCheckDigit()
    {
        var random = new DeterministicRandom(7);
        for (int i = 0; i < 2_000; i++)
        {
            Assert.True(S10Id.IsValid(S10Id.Create(random, "CP", "CN")));
            Assert.False(S10Id.IsValid(S10Id.Create(random, "CP", "CN", wrongCheckDigit: true)));
        }
    }
}
