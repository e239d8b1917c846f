using CsCheck;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>Every prefix of a valid message is an error, never an exception; the resolving plan agrees with the exact plan.</summary>
public sealed class TruncationTests
{
    private static readonly ManifestDecoder s_detecting = new(SchemaRegistry.Default);
    private static readonly ManifestDecoder s_raw = new(SchemaRegistry.Default, framing: MessageFraming.Raw);
    private static readonly ManifestDecoder s_confluent = new(SchemaRegistry.Default, framing: MessageFraming.Confluent);
    private static readonly ManifestDecoder s_singleObject = new(SchemaRegistry.Default, framing: MessageFraming.SingleObject);

    public static TheoryData<MessageFraming> Framings() => [MessageFraming.Raw, MessageFraming.Confluent, MessageFraming.SingleObject];

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_EveryPrefixOfTypicalManifest_Truncated(MessageFraming framing)
    {
        AssertEveryPrefixTruncated(SampleManifests.Typical(), framing);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_EveryPrefixOfRandomManifests_Truncated(MessageFraming framing)
    {
        Generators.Manifest.Sample(m => AssertEveryPrefixTruncated(m, framing), iter: 40, print: Generators.Print);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_EveryPrefixThroughResolvingPlan_Truncated(MessageFraming framing)
    {
        var resolving = new ManifestDecoder(SchemaRegistry.Default, null, framing, null, useExactPlan: false);
        byte[] message = ManifestEncoder.ToBytes(SampleManifests.Typical(), framing);
        var view = new ManifestView();

        for (int length = 0; length < message.Length; length++)
        {
            AssertTruncated(resolving.Decode(message, 0, length, view), length, message.Length);
        }
    }

    [Fact]
    public void Decode_SingleObjectMarkerCutAfterOneByte_TruncatedNotUnknownMagic()
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default, framing: MessageFraming.SingleObject);

        Assert.Equal(new AvroError(AvroErrorCode.Truncated, 1), decoder.Decode([0xC3], 0, 1, new ManifestView()));
        Assert.Equal(new AvroError(AvroErrorCode.Truncated, 0), decoder.Decode([], 0, 0, new ManifestView()));
    }

    [Theory]
    [InlineData(MessageFraming.SingleObject, new byte[] { 0xC4 })]
    [InlineData(MessageFraming.SingleObject, new byte[] { 0xC3, 0x02 })]
    [InlineData(MessageFraming.SingleObject, new byte[] { 0xC4, 0x01, 0x00 })]
    [InlineData(MessageFraming.Confluent, new byte[] { 0x05 })]
    [InlineData(MessageFraming.Confluent, new byte[] { 0x05, 0x00, 0x00 })]
    public void Decode_ShortMessageWithWrongMagic_UnknownMagicByteAtZero(MessageFraming framing, byte[] message)
    {
        // However short, a wrong marker is already wrong: waiting for more bytes cannot make it right.
        var decoder = new ManifestDecoder(SchemaRegistry.Default, framing: framing);

        Assert.Equal(new AvroError(AvroErrorCode.UnknownMagicByte, 0), decoder.Decode(message, 0, message.Length, new ManifestView()));
    }

    [Fact]
    public void Decode_ResolvingPlanOnIdenticalSchema_FillsTheSameViewAsTheExactPlan()
    {
        var exact = new ManifestDecoder(SchemaRegistry.Default, null, null, null, useExactPlan: true);
        var resolving = new ManifestDecoder(SchemaRegistry.Default, null, null, null, useExactPlan: false);
        Gen.Select(Generators.Manifest, Gen.OneOf(MessageFraming.Confluent, MessageFraming.SingleObject)).Sample(
            (m, framing) =>
            {
                byte[] message = ManifestEncoder.ToBytes(m, framing);
                var expected = new ManifestView();
                var actual = new ManifestView();

                Assert.Equal(AvroError.None, exact.Decode(message, 0, message.Length, expected));
                Assert.Equal(AvroError.None, resolving.Decode(message, 0, message.Length, actual));

                ViewAssert.Same(expected, actual);
                ViewAssert.Matches(ManifestTree.From(m), actual);
            },
            iter: 300);
    }

    [Fact]
    public void Decode_ReusedView_HoldsOnlyTheLatestManifest()
    {
        // Decode into one view again and again: nothing of an earlier manifest (items, nulls) may show through.
        var view = new ManifestView();
        var decoders = new[] { s_detecting, new ManifestDecoder(SchemaRegistry.Default, null, null, null, useExactPlan: false) };
        Generators.Manifest.Sample(
            m =>
            {
                lock (view)
                {
                    byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
                    foreach (ManifestDecoder decoder in decoders)
                    {
                        Assert.Equal(AvroError.None, decoder.Decode(message, 0, message.Length, view));
                        ViewAssert.Matches(ManifestTree.From(m), view);
                    }
                }
            },
            iter: 200,
            print: Generators.Print);
    }

    [Fact]
    public void Decode_SpanOverload_CopiesSoTheViewOutlivesTheCallersBuffer()
    {
        ManifestRecord m = SampleManifests.Typical();
        byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
        var view = new ManifestView();

        AvroError error = s_detecting.Decode(message.AsSpan(), view);
        Array.Clear(message);

        Assert.Equal(AvroError.None, error);
        ViewAssert.Matches(ManifestTree.From(m), view);
    }

    [Fact]
    public void Decode_MessageInsideALargerArray_OffsetsAreFromTheMessageStart()
    {
        ManifestRecord m = SampleManifests.Typical();
        byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
        byte[] buffer = [0xEE, 0xEE, 0xEE, .. message, 0xEE];
        var view = new ManifestView();

        Assert.Equal(AvroError.None, s_detecting.Decode(new ArraySegment<byte>(buffer, 3, message.Length), view));
        ViewAssert.Matches(ManifestTree.From(m), view);
        Assert.Equal(new AvroError(AvroErrorCode.Truncated, 5), s_detecting.Decode(buffer, 3, 5, view));
    }

    private static void AssertEveryPrefixTruncated(ManifestRecord m, MessageFraming framing)
    {
        byte[] message = ManifestEncoder.ToBytes(m, framing);
        var view = new ManifestView();
        ManifestDecoder fixedFraming = framing switch
        {
            MessageFraming.Raw => s_raw,
            MessageFraming.Confluent => s_confluent,
            _ => s_singleObject,
        };

        // Detection reads a raw datum whose manifestId is empty as Confluent (FrameHeader documents the assumption).
        bool detectable = framing != MessageFraming.Raw || m.ManifestId.Length > 0;
        Assert.Equal(AvroError.None, fixedFraming.Decode(message, 0, message.Length, view));
        for (int length = 0; length < message.Length; length++)
        {
            AssertTruncated(fixedFraming.Decode(message, 0, length, view), length, message.Length);
            if (detectable && length <= 2 * FrameHeader.SingleObjectLength)
            {
                // Past the header, detection changes nothing: the rest is the fixed-framing decode again.
                AssertTruncated(s_detecting.Decode(message, 0, length, view), length, message.Length);
            }
        }
    }

    private static void AssertTruncated(AvroError error, int length, int messageLength)
    {
        // The message is formatted only on failure: this runs for every prefix of every message.
        if (error.Code != AvroErrorCode.Truncated || error.Offset > length)
        {
            Assert.Fail($"prefix {length} of {messageLength}: {error}");
        }
    }
}
