using ParcelStream.Codec.Fuzz;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// Inputs on which the fuzz harness found the codec throwing, hanging or breaking an invariant, replayed through the
/// same per-input function after the fix. Each must finish quickly and throw nothing.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(10);

    [Theory]
    // Generic skip: an array of nulls whose second block count (long.MaxValue) overflowed the element total past the
    // limit, so the skipper looped for ever (seen while writing the harness; AvroSkipper now compares before adding).
    [InlineData("skip-null-array-count-overflow", "00000000000000000000000000000000" + "0000" + "0202" + "00" + "02" + "feffffffffffffffff01")]
    // The same overflow as AFL++ found it (run of 2026-11-23, saved hangs 0, 4 and 8 of 10, all this one bug): the
    // havoc stage turned the generic-blob seed's null arrays into blocks of near-maximal counts.
    [InlineData("afl-hang-000000", "3031243031321936373839616263000000006200090010026e00026902020202020202020202e30102020202303132333435fffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffff3f0266")]
    [InlineData("afl-hang-000004", "3731626262626262626262626263000000006200090010026e0002690202028000020202024e020203020202303132333435ffffffffffffff0001ffffffffffffffffffffffff0080ffffffffffffffff3f0266")]
    [InlineData("afl-hang-000008", "3031243031322e36373839616263000000006200090010026e00026902020202020002000002020202020202303132333435ffffffffffffffff0800ffffffffffffffffffffffffeeffffffffffffffff3f0266")]
    public async Task Run_FuzzFinding_FinishesWithoutThrowing(string finding, string hex)
    {
        byte[] input = Convert.FromHexString(hex);

        Task run = Task.Run(() => ManifestFuzzTarget.Run(input));
        Task first = await Task.WhenAny(run, Task.Delay(s_hangGuard));

        Assert.True(first == run, $"{finding} still runs after {s_hangGuard.TotalSeconds} s");
        await run; // rethrows what the harness threw
    }

    [Fact]
    public void TrySkip_NullArrayBlockCountOverflowingTheTotal_FailsTooManyItems()
    {
        AvroSchema schema = AvroSchemaParser.Parse("""{"type": "array", "items": "null"}""");
        byte[] input = Convert.FromHexString("02" + "feffffffffffffffff01");
        var reader = new AvroReader(input);

        bool skipped = AvroSkipper.TrySkip(ref reader, schema, 0, 32, 100_000);

        Assert.False(skipped);
        Assert.Equal(new AvroError(AvroErrorCode.TooManyItems, 1), reader.Error);
        Assert.Equal(1, reader.Position);
    }
}
