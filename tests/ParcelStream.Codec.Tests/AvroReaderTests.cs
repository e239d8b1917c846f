using System.Text;

namespace ParcelStream.Codec.Tests;

public sealed class AvroReaderTests
{
    private const int Origin = 100;

    /// <summary>Zig-zag varints at the boundaries, with their bytes worked out by hand from the specification.</summary>
    public static TheoryData<long, string> Varints() => new()
    {
        { 0, "00" },
        { -1, "01" },
        { 1, "02" },
        { 63, "7E" },
        { -64, "7F" },
        { 64, "8001" },
        { -65, "8101" },
        { 8191, "FE7F" },
        { -8192, "FF7F" },
        { 8192, "808001" },
        { int.MaxValue, "FEFFFFFF0F" },
        { int.MinValue, "FFFFFFFF0F" },
        { int.MaxValue + 1L, "8080808010" },
        { int.MinValue - 1L, "8180808010" },
        { long.MaxValue, "FEFFFFFFFFFFFFFFFF01" },
        { long.MinValue, "FFFFFFFFFFFFFFFFFF01" },
    };

    [Theory]
    [MemberData(nameof(Varints))]
    public void TryReadLong_Boundary_ReadsTheValueAndEveryByte(long value, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        var reader = new AvroReader(bytes);

        Assert.True(reader.TryReadLong(out long read));
        Assert.Equal(value, read);
        Assert.Equal(bytes.Length, reader.Position);
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [MemberData(nameof(Varints))]
    public void TryReadInt_Boundary_ReadsInt32ValuesAndRejectsTheRest(long value, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        var reader = new AvroReader(bytes, origin: Origin);

        bool ok = reader.TryReadInt(out int read);

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Assert.True(ok);
            Assert.Equal(value, read);
            Assert.Equal(bytes.Length, reader.Position);
        }
        else
        {
            Assert.False(ok);
            Assert.Equal(new AvroError(bytes.Length > 5 ? AvroErrorCode.VarintTooLong : AvroErrorCode.IntOverflow, Origin), reader.Error);
            Assert.Equal(0, reader.Position);
        }
    }

    [Theory]
    [MemberData(nameof(Varints))]
    public void TryReadLong_EveryStrictPrefix_FalseWithoutErrorAndUnmoved(long value, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new AvroReader(bytes.AsSpan(0, length));

            Assert.False(reader.TryReadLong(out _), $"{value}, prefix {length}");
            Assert.False(reader.HasError);
            Assert.Equal(0, reader.Position);
            if (length < 5)
            {
                // Five bytes or more of continuation are already too long for an int.
                Assert.False(reader.TryReadInt(out _));
                Assert.False(reader.HasError);
            }
        }
    }

    [Fact]
    public void TryReadLong_PaddedEncoding_Accepted()
    {
        // 0 written in two bytes: not canonical, but the specification's readers accept it, and so do we.
        var reader = new AvroReader([0x80, 0x00]);

        Assert.True(reader.TryReadLong(out long value));
        Assert.Equal(0, value);
        Assert.Equal(2, reader.Position);
    }

    /// <summary>Reads of every kind, given as a name, that cannot complete (more bytes are needed).</summary>
    public static TheoryData<string, byte[]> Incomplete() => new()
    {
        { "long", [0x80] },
        { "long", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "int", [0x80, 0x80, 0x80, 0x80] },
        { "boolean", [] },
        { "float", [0, 0, 0] },
        { "double", [0, 0, 0, 0, 0, 0, 0] },
        { "bytes", [0x06, 1, 2] },
        { "bytes", [0x80] },
        { "string", [0x06, 0x61, 0x62] },
        { "stringRange", [0x06, 0x61, 0x62] },
        { "fixed4", [1, 2, 3] },
        { "union", [0x80] },
        { "enum", [] },
        { "block", [0x03] },
        { "block", [0x03, 0x80] },
        { "skip5", [1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(Incomplete))]
    public void TryRead_Incomplete_FalseUnmovedAndNoError(string kind, byte[] rest)
    {
        // One valid value first, so that "unmoved" means back at 1, not at the start.
        byte[] input = [0x02, .. rest];
        var reader = new AvroReader(input, maxStringBytes: 16, origin: Origin);
        Assert.True(reader.TryReadLong(out _));

        Assert.False(Read(ref reader, kind));

        Assert.Equal(1, reader.Position);
        Assert.Equal(rest.Length, reader.Remaining);
        Assert.False(reader.HasError, reader.Error.ToString());
    }

    /// <summary>Corrupt values of every kind and the error each must give, at its offset after the leading value.</summary>
    public static TheoryData<string, byte[], AvroErrorCode, int> Corrupt() => new()
    {
        { "long", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], AvroErrorCode.VarintTooLong, 0 },
        { "int", [0x80, 0x80, 0x80, 0x80, 0x80, 0x00], AvroErrorCode.VarintTooLong, 0 },
        { "int", [0xFF, 0xFF, 0xFF, 0xFF, 0x1F], AvroErrorCode.IntOverflow, 0 },
        { "boolean", [0x02], AvroErrorCode.InvalidBoolean, 0 },
        { "bytes", [0x01], AvroErrorCode.NegativeLength, 0 },
        { "bytes", [0x22], AvroErrorCode.StringTooLong, 0 },
        { "string", [0x03, 0x61], AvroErrorCode.NegativeLength, 0 },
        { "string", [0x22], AvroErrorCode.StringTooLong, 0 },
        { "string", [0x04, 0xC3, 0x28], AvroErrorCode.InvalidUtf8, 1 },
        { "stringRange", [0x04, 0xED, 0xA0], AvroErrorCode.InvalidUtf8, 1 },
        { "union", [0x04], AvroErrorCode.InvalidUnionIndex, 0 },
        { "union", [0x01], AvroErrorCode.InvalidUnionIndex, 0 },
        { "enum", [0x06], AvroErrorCode.InvalidEnumIndex, 0 },
        { "block", [0x01, 0x01], AvroErrorCode.NegativeLength, 1 },
        { "block", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], AvroErrorCode.TooManyItems, 0 },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void TryRead_Corrupt_FalseUnmovedAndErrorAtTheValue(string kind, byte[] rest, AvroErrorCode code, int offset)
    {
        byte[] input = [0x02, .. rest];
        var reader = new AvroReader(input, maxStringBytes: 16, origin: Origin);
        Assert.True(reader.TryReadLong(out _));

        Assert.False(Read(ref reader, kind));

        Assert.Equal(1, reader.Position);
        Assert.Equal(new AvroError(code, Origin + 1 + offset), reader.Error);
        Assert.True(reader.HasError);
    }

    [Fact]
    public void Fail_AfterAnError_KeepsTheFirst()
    {
        var reader = new AvroReader([0x02, 0x04], origin: Origin);
        Assert.False(reader.TryReadBoolean(out _));

        reader.Fail(AvroErrorCode.TrailingBytes, 1);

        Assert.Equal(new AvroError(AvroErrorCode.InvalidBoolean, Origin), reader.Error);
    }

    [Fact]
    public void Rewind_PastThePosition_Throws()
    {
        var reader = new AvroReader([0x02]);
        Assert.True(reader.TryReadLong(out _));
        reader.Rewind(0);
        Assert.Equal(0, reader.Position);

        bool threw = false;
        try
        {
            reader.Rewind(1);
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void TryRead_EveryKindInSequence_ReadsTheValuesAndSlicesOfTheInput()
    {
        byte[] input = [0x01, 0x00, 0x01, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0xBF, 0x04, 0x68, 0x69, 0x04, 0xC3, 0xA9, 0xAA, 0xBB, 0x02, 0x04, 0x03, 0x02, 0x00];
        var reader = new AvroReader(input);

        Assert.True(reader.TryReadLong(out long minusOne) && minusOne == -1);
        Assert.True(reader.TryReadBoolean(out bool no) && !no);
        Assert.True(reader.TryReadBoolean(out bool yes) && yes);
        Assert.True(reader.TryReadFloat(out float f) && f == 1.5f);
        Assert.True(reader.TryReadDouble(out double d) && d == -1.0);
        Assert.True(reader.TryReadBytes(out ReadOnlySpan<byte> hi) && hi.SequenceEqual("hi"u8));
        Assert.True(reader.TryReadString(out ReadOnlySpan<byte> e) && Encoding.UTF8.GetString(e) == "é");
        Assert.True(reader.TryReadFixed(2, out ReadOnlySpan<byte> fixedValue) && fixedValue.SequenceEqual(new byte[] { 0xAA, 0xBB }));
        Assert.True(reader.TryReadUnionIndex(2, out int branch) && branch == 1);
        Assert.True(reader.TryReadEnum(3, out int symbol) && symbol == 2);
        Assert.True(reader.TryReadBlockHeader(out long count, out long size) && count == 2 && size == 1);
        Assert.True(reader.TrySkip(1));
        Assert.Equal(0, reader.Remaining);
        Assert.False(reader.HasError);
    }

    private static bool Read(ref AvroReader reader, string kind) => kind switch
    {
        "long" => reader.TryReadLong(out _),
        "int" => reader.TryReadInt(out _),
        "boolean" => reader.TryReadBoolean(out _),
        "float" => reader.TryReadFloat(out _),
        "double" => reader.TryReadDouble(out _),
        "bytes" => reader.TryReadBytes(out _),
        "string" => reader.TryReadString(out _),
        "stringRange" => reader.TryReadStringRange(out _, out _),
        "fixed4" => reader.TryReadFixed(4, out _),
        "union" => reader.TryReadUnionIndex(2, out _),
        "enum" => reader.TryReadEnum(3, out _),
        "block" => reader.TryReadBlockHeader(out _, out _),
        "skip5" => reader.TrySkip(5),
        _ => throw new ArgumentException(kind, nameof(kind)),
    };
}
