using CsCheck;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// The straight-line plan's inline reads (short strings checked for ASCII a vector at a time, a separate path within a
/// vector of the end, one- and two-byte numbers) must accept exactly what the resolving plan accepts and fail with the
/// same error at the same offset, wherever in a full-size message the bad byte is.
/// </summary>
public sealed class ExactPlanDifferentialTests
{
    private static readonly ManifestDecoder s_exact = new(SchemaRegistry.Default, null, null, null, useExactPlan: true);
    private static readonly ManifestDecoder s_resolving = new(SchemaRegistry.Default, null, null, null, useExactPlan: false);

    /// <summary>Bytes that change a value's meaning: varint ends and continuations, union branches, UTF-8 leads and continuations, overlong and invalid leads.</summary>
    public static TheoryData<byte> BadBytes() => [0x00, 0x01, 0x02, 0x03, 0x7E, 0x7F, 0x80, 0x81, 0xBF, 0xC0, 0xC1, 0xC3, 0xE0, 0xED, 0xF4, 0xF8, 0xFF];

    [Theory]
    [MemberData(nameof(BadBytes))]
    public void Decode_TypicalManifestWithAnyByteReplaced_SameResultAsResolvingPlan(byte bad)
    {
        byte[] message = ManifestEncoder.ToBytes(SampleManifests.Typical(), MessageFraming.Confluent);
        int errors = 0;
        for (int at = FrameHeader.ConfluentLength; at < message.Length; at++)
        {
            byte[] corrupt = (byte[])message.Clone();
            corrupt[at] = bad;
            errors += AssertSameResult(corrupt) ? 1 : 0;
        }

        // Whatever the byte, some replacements break the message: the comparison covered errors, not only successes.
        Assert.True(errors > 0, $"no replacement of 0x{bad:X2} was an error");
    }

    [Fact]
    public void Decode_RandomManifestsWithRandomBytesReplaced_SameResultAsResolvingPlan()
    {
        Gen.Select(Generators.Manifest, Gen.Double[0, 1], Gen.Byte, Gen.Int[0, 64]).Sample(
            (m, where, bad, offset) =>
            {
                // Decoded at an offset in a larger array too: the straight-line plan reads positions in the whole buffer.
                byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
                int at = FrameHeader.ConfluentLength + (int)(where * (message.Length - FrameHeader.ConfluentLength - 1));
                byte[] buffer = new byte[offset + message.Length];
                message.CopyTo(buffer, offset);
                buffer[offset + at] = bad;
                AssertSameResult(buffer.AsSpan(offset).ToArray());
                AssertSameResult(buffer, offset, message.Length);
            },
            iter: 500,
            print: t => Generators.Print(t.Item1));
    }

    [Fact]
    public void Decode_RandomManifests_ExactPlanReadsThemAsTheResolvingPlanDoes()
    {
        // Valid messages with long (two-byte length), non-ASCII, 3- and 4-byte UTF-8 and empty strings, large numbers.
        Generators.Manifest.Sample(
            m =>
            {
                byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
                Assert.False(AssertSameResult(message));
            },
            iter: 300,
            print: Generators.Print);
    }

    /// <summary>Decodes with both plans and checks they agree.</summary>
    /// <returns>True when both failed.</returns>
    private static bool AssertSameResult(byte[] message) => AssertSameResult(message, 0, message.Length);

    private static bool AssertSameResult(byte[] buffer, int offset, int count)
    {
        var exactView = new ManifestView();
        var resolvingView = new ManifestView();
        AvroError exact = s_exact.Decode(buffer, offset, count, exactView);
        AvroError resolving = s_resolving.Decode(buffer, offset, count, resolvingView);
        Assert.Equal(resolving, exact);
        if (!exact.IsError)
        {
            ViewAssert.Same(resolvingView, exactView);
        }

        return exact.IsError;
    }
}
