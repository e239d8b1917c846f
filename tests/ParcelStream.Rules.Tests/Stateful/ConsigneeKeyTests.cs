using System.Text;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Rules.Tests.Stateful;

public sealed class ConsigneeKeyTests
{
    private static ConsigneeKey Key(string name, string line1, string line2, string postal, string country) =>
        ConsigneeKey.Of(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(line1), Encoding.UTF8.GetBytes(line2), Encoding.UTF8.GetBytes(postal), Encoding.UTF8.GetBytes(country));

    [Theory]
    [InlineData("JÜRGEN MÜLLER", "Hauptstraße 12", "3. OG", "50667", "DE")]
    [InlineData("jurgen muller", "HAUPTSTRASSE 12", "3 og", "50667", "de")]
    [InlineData("  Jurgen   Müller ", "Hauptstraße 12, 3. OG", "", "50 667", "DE")]
    [InlineData("Jürgen-Müller", "Hauptstraße", "12 3.OG", "50-667", "DE")]
    public void Of_SpellingVariantsOfOneConsignee_SameKey(string name, string line1, string line2, string postal, string country)
    {
        ConsigneeKey reference = Key("Jürgen Müller", "Hauptstraße 12", "3. OG", "50667", "DE");
        Assert.Equal(reference, Key(name, line1, line2, postal, country));
    }

    [Theory]
    [InlineData("Jürgen Müller", "Hauptstraße 14", "3. OG", "50667", "DE")]
    [InlineData("Jürgen Müller", "Hauptstraße 12", "3. OG", "50668", "DE")]
    [InlineData("Jürgen Müller", "Hauptstraße 12", "3. OG", "50667", "AT")]
    [InlineData("Jürgen Mülle", "Hauptstraße 12", "3. OG", "50667", "DE")]
    // A field boundary moved: the name's last word becomes the address's first.
    [InlineData("Jürgen", "Müller Hauptstraße 12", "3. OG", "50667", "DE")]
    public void Of_AnotherConsignee_OtherKey(string name, string line1, string line2, string postal, string country)
    {
        ConsigneeKey reference = Key("Jürgen Müller", "Hauptstraße 12", "3. OG", "50667", "DE");
        Assert.NotEqual(reference, Key(name, line1, line2, postal, country));
    }

    [Fact]
    public void WriteTo_ThenTryRead_SameKey()
    {
        ConsigneeKey key = Key("Jürgen Müller", "Hauptstraße 12", "", "50667", "DE");
        var bytes = new byte[ConsigneeKey.Size];
        key.WriteTo(bytes);
        Assert.True(ConsigneeKey.TryRead(bytes, out ConsigneeKey read));
        Assert.Equal(key, read);
        Assert.False(ConsigneeKey.TryRead(bytes.AsSpan(1), out _));
    }
}
