using ParcelStream.Backtest.Feedback;

namespace ParcelStream.Backtest.Tests;

public sealed class InspectionResultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-inspections-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_CsvWithHeaderQuotesCommentsAndCase_ReadsEveryResult()
    {
        string path = WriteFile("r.csv", "manifestId,result\n# a comment\nMF-1,FOUND\n\"MF-2\", clean\n\nMF-3,Found\nMF-1,CLEAN\n");
        InspectionResults results = InspectionResults.Load(path);
        Assert.Equal(3, results.Count);
        Assert.Equal(1, results.Found);
        Assert.Equal(InspectionResult.Clean, results.Lookup("MF-1")); // the later line wins
        Assert.Equal(InspectionResult.Clean, results.Lookup("MF-2"u8));
        Assert.Equal(InspectionResult.Found, results.Lookup("MF-3"u8));
        Assert.Equal(InspectionResult.Unknown, results.Lookup("MF-4"u8));
    }

    [Fact]
    public void Load_JsonLines_ReadsEveryResult()
    {
        string path = WriteFile("r.jsonl", "{\"manifestId\": \"MF-é\", \"result\": \"FOUND\"}\n{\"result\":\"CLEAN\",\"manifestId\":\"MF-2\",\"extra\":1}\n");
        InspectionResults results = InspectionResults.Load(path);
        Assert.Equal(InspectionResult.Found, results.Lookup("MF-é"u8));
        Assert.Equal(InspectionResult.Clean, results.Lookup("MF-2"u8));
    }

    [Fact]
    public void Lookup_IdLongerThanTheStackBuffer_StillFound()
    {
        string id = new('x', 300);
        string path = WriteFile("r.csv", id + ",FOUND\n");
        Assert.Equal(InspectionResult.Found, InspectionResults.Load(path).Lookup(System.Text.Encoding.UTF8.GetBytes(id)));
    }

    [Theory]
    [InlineData("r.csv", "MF-1,MAYBE\n", ":1:")]
    [InlineData("r.csv", "manifestId,result\nMF-1\n", ":2:")]
    [InlineData("r.csv", ",FOUND\n", ":1:")]
    [InlineData("r.jsonl", "{\"manifestId\":\"MF-1\",\"result\":\"FOUND\"}\n[1]\n", ":2:")]
    [InlineData("r.jsonl", "{not json\n", ":1:")]
    [InlineData("r.jsonl", "{\"manifestId\":\"MF-1\"}\n", ":1:")]
    public void Load_MalformedLine_ThrowsNamingFileAndLine(string name, string text, string where)
    {
        string path = WriteFile(name, text);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => InspectionResults.Load(path));
        Assert.Contains(path + where, e.Message, StringComparison.Ordinal);
    }
}
