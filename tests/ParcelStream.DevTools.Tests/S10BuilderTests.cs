using ParcelStream.DevTools.Generation;
using ParcelStream.Rules.Identifiers;

namespace ParcelStream.DevTools.Tests;

// The check digit itself is Rules' (IdentifierTests pin it against customs-domain.md section 4).
public sealed class S10BuilderTests
{
    [Fact]
    public void Create_ManyIds_ValidUnlessAskedForAWrongCheckDigit()
    {
        var random = new DeterministicRandom(7);
        for (int i = 0; i < 2_000; i++)
        {
            Assert.True(S10Id.IsValid(S10Builder.Create(random, "CP", "CN")));
            Assert.False(S10Id.IsValid(S10Builder.Create(random, "CP", "CN", wrongCheckDigit: true)));
        }
    }

    [Fact]
    public void Create_ServiceAndCountry_FrameTheSerial()
    {
        string id = S10Builder.Create(new DeterministicRandom(3), "RR", "DE");

        Assert.Equal(13, id.Length);
        Assert.StartsWith("RR", id, StringComparison.Ordinal);
        Assert.EndsWith("DE", id, StringComparison.Ordinal);
        Assert.True(id.AsSpan(2, 9).ContainsAnyExceptInRange('0', '9') is false, id);
    }
}
