using ParcelStream.Rules.Stateful;

namespace ParcelStream.Rules.Tests.Stateful;

public sealed class ParcelWindowTests
{
    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4, 5 }, 3, new long[] { 3, 4, 5 })]
    [InlineData(new long[] { 5, 1, 4, 2 }, 3, new long[] { 5, 4 })]
    [InlineData(new long[] { 1 }, 2, new long[0])]
    [InlineData(new long[] { 7, 8 }, 0, new long[] { 7, 8 })]
    public void RemoveBefore_ParcelsInlineAndInTheArray_KeepsTheLaterOnesInOrder(long[] times, long cutoff, long[] expected)
    {
        var window = new ParcelWindow();
        foreach (long t in times)
        {
            ParcelRecord r = ParcelRecord.Create(System.Text.Encoding.ASCII.GetBytes($"MF-{t}"), "TN"u8);
            r.EventTimeMillis = t;
            window.Add(r);
        }

        Assert.Equal(times.Length - expected.Length, window.RemoveBefore(cutoff));
        Assert.Equal(expected, Enumerable.Range(0, window.Count).Select(i => window[i].EventTimeMillis));
        Assert.Equal(expected.Length > 0 ? 0 : -1, window.IndexOfManifest(System.Text.Encoding.ASCII.GetBytes($"MF-{(expected.Length > 0 ? expected[0] : -1)}")));

        // Room again after the removal, in the object and in the array.
        window.Add(ParcelRecord.Create("MF-NEW"u8, "TN"u8));
        Assert.Equal(expected.Length, window.IndexOfManifest("MF-NEW"u8));
    }
}
