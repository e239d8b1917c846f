using ParcelStream.Rules.Feedback;

namespace ParcelStream.Rules.Tests.Feedback;

public sealed class FeedbackStatsFileTests
{
    [Fact]
    public void Write_Lines_ReadsBackTheSame()
    {
        var lines = new Dictionary<FeedbackKey, EntityCounts>
        {
            [new FeedbackKey(FeedbackKind.Rule, "de-minimis-eu")] = new(120, 80, 31),
            [new FeedbackKey(FeedbackKind.RuleRandom, "de-minimis-eu")] = new(4, 4, 1),
            [FeedbackKey.Baseline] = new(20, 18, 2),
            [new FeedbackKey(FeedbackKind.Seller, "S-\"quoted\"")] = new(3, 3, 3),
        };
        string path = Path.GetTempFileName();
        try
        {
            FeedbackStatsFile.Write(path, lines);
            Assert.Equal(lines, FeedbackStatsFile.Read(path).Lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"line\":\"vendor:1\",\"decided\":1,\"inspected\":1,\"found\":0}")]
    [InlineData("{\"line\":\"rule:x\",\"decided\":1}")]
    [InlineData("not json")]
    public void Read_BadLine_NamesFileAndLine(string text)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "\n" + text + "\n");
            InvalidDataException e = Assert.Throws<InvalidDataException>(() => FeedbackStatsFile.Read(path));
            Assert.StartsWith($"{path}:2:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
