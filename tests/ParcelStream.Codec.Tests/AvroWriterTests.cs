using System.Buffers;
using System.Text;
using CsCheck;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

public sealed class AvroWriterTests
{
    [Theory]
    [MemberData(nameof(AvroReaderTests.Varints), MemberType = typeof(AvroReaderTests))]
    public void WriteLong_Boundary_WritesTheSpecificationBytes(long value, string hex)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new AvroWriter(output);

        writer.WriteLong(value);
        writer.Flush();

        Assert.Equal(hex, Convert.ToHexString(output.WrittenSpan));
        Assert.Equal(hex, Convert.ToHexString(Frames.Varint(value)));
        Assert.Equal(output.WrittenCount, writer.BytesWritten);
    }

    [Fact]
    public void Write_EveryKindIntoTinySpans_SameBytesAsIntoOneBuffer()
    {
        Gen.Select(Gen.Int, Generators.Text, Gen.Byte.Array[0, 40], Gen.Long, Gen.Double, Gen.Float, Gen.Bool).Sample(
            (seed, text, raw, number, d, f, flag) =>
            {
                var tiny = new TinySpanBufferWriter(seed);
                var whole = new ArrayBufferWriter<byte>();
                long tinyCount = WriteEveryKind(tiny, text, raw, number, d, f, flag);
                long wholeCount = WriteEveryKind(whole, text, raw, number, d, f, flag);

                Assert.Equal(Convert.ToHexString(whole.WrittenSpan), Convert.ToHexString(tiny.WrittenBytes));
                Assert.Equal(wholeCount, tinyCount);
                Assert.Equal(whole.WrittenCount, tinyCount);
            },
            iter: 300);
    }

    [Fact]
    public void ManifestEncoder_RandomManifestIntoTinySpans_SameBytesAsToBytes()
    {
        Gen.Select(Generators.Manifest, Gen.Int, Gen.OneOf(MessageFraming.Raw, MessageFraming.Confluent, MessageFraming.SingleObject)).Sample(
            (m, seed, framing) =>
            {
                var tiny = new TinySpanBufferWriter(seed);
                long written = ManifestEncoder.Write(tiny, m, framing);

                byte[] expected = ManifestEncoder.ToBytes(m, framing);
                Assert.Equal(expected, tiny.WrittenBytes);
                Assert.Equal(expected.Length, written);
            },
            iter: 200,
            print: t => Generators.Print(t.Item1));
    }

    [Fact]
    public void DecisionWriter_RandomDecisionIntoTinySpans_SameBytesAsIntoOneBuffer()
    {
        Gen.Select(Generators.Decision, Gen.Int).Sample(
            (spec, seed) =>
            {
                var decision = new CustomsDecision();
                spec.ApplyTo(decision);
                var tiny = new TinySpanBufferWriter(seed);
                var whole = new ArrayBufferWriter<byte>();

                DecisionWriter.Write(tiny, decision, MessageFraming.SingleObject);
                DecisionWriter.Write(whole, decision, MessageFraming.SingleObject);

                Assert.Equal(whole.WrittenSpan.ToArray(), tiny.WrittenBytes);
            },
            iter: 200);
    }

    [Fact]
    public void WriteString_Utf16AndUtf8_SameBytes()
    {
        Generators.Text.Sample(
            text =>
            {
                var fromChars = new ArrayBufferWriter<byte>();
                var fromBytes = new ArrayBufferWriter<byte>();
                var w1 = new AvroWriter(fromChars);
                w1.WriteString(text.AsSpan());
                w1.Flush();
                var w2 = new AvroWriter(fromBytes);
                w2.WriteString(Encoding.UTF8.GetBytes(text));
                w2.Flush();

                Assert.Equal(fromBytes.WrittenSpan.ToArray(), fromChars.WrittenSpan.ToArray());
            },
            iter: 300);
    }

    [Fact]
    public void WriteString_LongerThanAChunk_WritesLengthThenBytes()
    {
        string text = new('é', 5000);
        var output = new ArrayBufferWriter<byte>(16);
        var writer = new AvroWriter(output);

        writer.WriteString(text.AsSpan());
        writer.Dispose();

        byte[] expected = [.. Frames.Varint(10_000), .. Encoding.UTF8.GetBytes(text)];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Flush_NothingWritten_AdvancesNothing()
    {
        var output = new TinySpanBufferWriter(1);
        var writer = new AvroWriter(output);

        writer.Flush();

        Assert.Empty(output.WrittenBytes);
        Assert.Equal(0, writer.BytesWritten);
    }

    private static long WriteEveryKind(IBufferWriter<byte> output, string text, byte[] raw, long number, double d, float f, bool flag)
    {
        var w = new AvroWriter(output);
        w.WriteLong(number);
        w.WriteInt(unchecked((int)number));
        w.WriteString(text.AsSpan());
        w.WriteBoolean(flag);
        w.WriteDouble(d);
        w.WriteFloat(f);
        w.WriteBytes(raw);
        w.WriteRaw(raw);
        w.WriteString(Encoding.UTF8.GetBytes(text));
        w.WriteUnionIndex(1);
        w.WriteEnum(5);
        w.WriteBlockStart(3);
        w.WriteBlockEnd();
        w.WriteLong(long.MinValue);
        w.WriteString(new string('x', 300).AsSpan());
        w.Flush();
        return w.BytesWritten;
    }
}
