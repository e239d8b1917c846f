using System.Text;
using ParcelStream.Rules.Identifiers;

namespace ParcelStream.Rules.Tests;

public sealed class IdentifierTests
{
    [Fact]
    public void CheckDigit_WorkedExampleFromTheReference_IsFive()
    {
        Assert.Equal(5, S10Id.CheckDigit("12345678"u8));
    }

    [Theory]
    [InlineData("47312482", 9)] // S = 200, 200 mod 11 = 2, C = 9
    [InlineData("00000012", 0)] // S = 23, 23 mod 11 = 1, C = 10 -> 0
    [InlineData("00000000", 5)] // S = 0, C = 11 -> 5
    [InlineData("1234567", -1)]
    [InlineData("1234567X", -1)]
    public void CheckDigit_Serial_GivesDigitOrMinusOne(string serial, int expected)
    {
        Assert.Equal(expected, S10Id.CheckDigit(Encoding.ASCII.GetBytes(serial)));
    }

    [Theory]
    [InlineData("RR123456785CN")]
    [InlineData("CP473124829DE")]
    [InlineData("LX000000120FR")]
    [InlineData("EE000000005US")]
    public void IsValid_WellFormedS10Id_ReturnsTrue(string id)
    {
        Assert.True(S10Id.IsValid(Encoding.ASCII.GetBytes(id)));
        Assert.True(S10Id.IsValid(id));
    }

    [Theory]
    [InlineData("RR123456784CN")] // wrong check digit
    [InlineData("RR123456780CN")]
    [InlineData("rr123456785cn")] // lower case
    [InlineData("R1123456785CN")] // digit in a letter position
    [InlineData("RR12345A785CN")] // letter in the serial
    [InlineData("RR12345678CN")] // too short
    [InlineData("RR1234567855CN")] // too long
    [InlineData("RR123456785C1")]
    [InlineData("")]
    [InlineData("RR12345678ÉCN")]
    public void IsValid_MalformedOrWrongCheckDigit_ReturnsFalse(string id)
    {
        Assert.False(S10Id.IsValid(Encoding.UTF8.GetBytes(id)));
        Assert.False(S10Id.IsValid(id));
    }

    [Theory]
    [InlineData("IM1234567890", true)]
    [InlineData("IM0000000000", true)]
    [InlineData("IM123456789", false)]
    [InlineData("IM12345678901", false)]
    [InlineData("im1234567890", false)]
    [InlineData("IN1234567890", false)]
    [InlineData("IM12345678A0", false)]
    [InlineData("IM 123456789", false)]
    [InlineData("", false)]
    public void IossNumber_IsValid_OnlyForImAndTenDigits(string value, bool expected)
    {
        Assert.Equal(expected, IossNumber.IsValid(Encoding.ASCII.GetBytes(value)));
    }

    [Theory]
    [InlineData("851830", true)]
    [InlineData("85183000", true)]
    [InlineData("8518300010", true)]
    [InlineData("010121", true)]
    [InlineData("970110", true)]
    [InlineData("8518", false)]
    [InlineData("8518300", false)]
    [InlineData("85183000101", false)]
    [InlineData("001234", false)]
    [InlineData("771234", false)]
    [InlineData("981234", false)]
    [InlineData("85183A", false)]
    public void HsCode_IsValid_ForExistingChaptersAndEvenLengths(string code, bool expected)
    {
        Assert.Equal(expected, HsCode.IsValid(Encoding.ASCII.GetBytes(code)));
    }
}
