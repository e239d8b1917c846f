using System.Buffers;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>Corrupt and over-limit input: each gives its error code and absolute offset, consumes nothing and allocates nothing it claims.</summary>
public sealed class AvroContainerCorruptionTests
{
    private static readonly byte[] s_sync = ContainerTestFiles.FixedSync;
    private static readonly byte[] s_header = RawContainer.Header("null", ContainerRow.SchemaJson, s_sync);

    [Theory]
    [InlineData(new byte[] { (byte)'X' }, 0)]
    [InlineData(new byte[] { (byte)'O', (byte)'x' }, 1)]
    [InlineData(new byte[] { (byte)'O', (byte)'b', (byte)'j', 2, 0 }, 3)]
    public void TryReadHeader_BadMagic_InvalidContainerAtFirstWrongByte(byte[] input, long offset)
    {
        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(input));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, offset), result.Error);
    }

    [Fact]
    public void TryReadHeader_NoSchema_InvalidContainerAtMetadata()
    {
        byte[] file = RawContainer.Header("null", null, s_sync);

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, 4), result.Error);
    }

    [Fact]
    public void TryReadHeader_SchemaNotJson_InvalidContainerAtSchemaValue()
    {
        byte[] file = RawContainer.Header("null", "{not json", s_sync);
        long valueAt = file.AsSpan().IndexOf("{not json"u8);

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, valueAt), result.Error);
    }

    [Fact]
    public void TryReadHeader_UnknownCodec_InvalidContainerNamingIt()
    {
        byte[] file = RawContainer.Concat(RawContainer.Header("snappy", ContainerRow.SchemaJson, s_sync), RawContainer.Block(1, ContainerRow.Sample(1)[0].Encode(), s_sync));
        long valueAt = file.AsSpan().IndexOf("snappy"u8);
        using var reader = new AvroContainerReader();
        var input = new ReadOnlySequence<byte>(file);

        bool read = reader.TryReadHeader(ref input, out AvroError error);

        Assert.False(read);
        Assert.Equal(file.Length, input.Length);
        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, valueAt), error);
        Assert.Contains("'snappy'", reader.ErrorMessage, StringComparison.Ordinal);
        var ex = Assert.Throws<AvroContainerException>(() => AvroContainerFile.Open(new MemoryStream(file)));
        Assert.Equal(error, ex.Error);
        Assert.Contains("'snappy'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHeader_NegativeKeyLength_PreciseReaderCode()
    {
        byte[] file = [(byte)'O', (byte)'b', (byte)'j', 1, 0x02, 0x01, 0x00];

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.NegativeLength, 5), result.Error);
    }

    [Fact]
    public void TryReadHeader_ValueLongerThanMaxHeaderBytes_StringTooLongAtItsLength()
    {
        var options = new AvroContainerReaderOptions { MaxHeaderBytes = 64 };
        long schemaLengthAt = 4 + 1 + 1 + "avro.schema".Length; // magic, entry count, key length, key

        ContainerTestFiles.ReadResult whole = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(s_header), options: options);
        ContainerTestFiles.ReadResult trickled = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(s_header), step: 1, options: options);

        Assert.Equal(new AvroError(AvroErrorCode.StringTooLong, schemaLengthAt), whole.Error);
        Assert.Equal(whole.Error, trickled.Error);
    }

    [Fact]
    public void TryReadHeader_HeaderLongerThanMaxHeaderBytes_MessageTooLarge()
    {
        var options = new AvroContainerReaderOptions { MaxHeaderBytes = s_header.Length - 1 };

        ContainerTestFiles.ReadResult whole = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(s_header), options: options);
        ContainerTestFiles.ReadResult trickled = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(s_header), step: 1, options: options);

        Assert.Equal(new AvroError(AvroErrorCode.MessageTooLarge, 0), whole.Error);
        Assert.Equal(whole.Error, trickled.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryReadBlock_CorruptedSyncMarker_InvalidContainerAtMarker(int block)
    {
        List<ContainerRow> rows = ContainerRow.Sample(6);
        byte[] file = ContainerTestFiles.Write(rows, blockDatums: 3);
        ContainerTestFiles.ReadResult whole = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        long markerAt = whole.BlockEnds[block] - 16;
        file[markerAt + 7] ^= 0x40;

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        (List<ContainerRow> fromFile, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, markerAt), result.Error);
        Assert.Equal(rows.Take(3 * block), result.Rows);
        using (reader)
        {
            Assert.Equal(result.Error, reader.Error);
            Assert.Equal(result.Rows, fromFile);
            Assert.Contains("sync marker", reader.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryReadBlock_NegativeCount_InvalidContainerAtBlock()
    {
        byte[] file = RawContainer.Concat(s_header, RawContainer.Block(-1, ContainerRow.Sample(1)[0].Encode(), s_sync));

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, s_header.Length), result.Error);
    }

    [Fact]
    public void TryReadBlock_NegativeSize_InvalidContainerAtSize()
    {
        byte[] file = RawContainer.Concat(s_header, RawContainer.BlockHead(1, -4));

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, s_header.Length + 1), result.Error);
    }

    [Fact]
    public void TryReadBlock_SizeOverLimit_MessageTooLargeBeforeTheDataArrives()
    {
        // Only the block head is there: the reader must refuse it rather than wait for (or buffer) 5000 bytes.
        byte[] file = RawContainer.Concat(s_header, RawContainer.BlockHead(1, 5_000));
        var options = new AvroContainerReaderOptions { MaxBlockBytes = 1024 };

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file), options: options);
        (_, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file, options);

        var expected = new AvroError(AvroErrorCode.MessageTooLarge, s_header.Length + 1);
        Assert.Equal(expected, result.Error);
        using (reader)
        {
            Assert.Equal(expected, reader.Error);
            Assert.Contains("MaxBlockBytes", reader.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryReadBlock_CountOverLimit_TooManyItems()
    {
        byte[] file = RawContainer.Concat(s_header, RawContainer.BlockHead(1_000_001, 10));
        var options = new AvroContainerReaderOptions { MaxBlockDatums = 1_000_000 };

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file), options: options);

        Assert.Equal(new AvroError(AvroErrorCode.TooManyItems, s_header.Length), result.Error);
    }

    [Fact]
    public void TryReadBlock_CountVarintTooLong_PreciseReaderCode()
    {
        byte[] file = RawContainer.Concat(s_header, Enumerable.Repeat((byte)0xFF, 11).ToArray());

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(file), step: 1);

        Assert.Equal(new AvroError(AvroErrorCode.VarintTooLong, s_header.Length), result.Error);
    }

    [Fact]
    public void TryReadBlock_DeflateGarbage_InvalidContainerAtData()
    {
        byte[] header = RawContainer.Header("deflate", ContainerRow.SchemaJson, s_sync);
        byte[] file = RawContainer.Concat(header, RawContainer.Block(1, [0x07, 0x00, 0x00, 0x00], s_sync)); // BTYPE 11 is reserved

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, header.Length + 2), result.Error);
    }

    [Fact]
    public void TryReadBlock_DeflateStreamCutShort_InvalidContainerAtData()
    {
        // The block size agrees with the bytes present, but the deflate stream inside stops half-way.
        byte[] header = RawContainer.Header("deflate", ContainerRow.SchemaJson, s_sync);
        List<ContainerRow> rows = ContainerRow.Sample(40);
        byte[] whole = RawContainer.Deflate(RawContainer.Concat([.. rows.Select(r => r.Encode())]));
        byte[] cut = whole.AsSpan(0, whole.Length / 2).ToArray();
        byte[] file = RawContainer.Concat(header, RawContainer.Block(rows.Count, cut, s_sync));
        int dataAt = header.Length + RawContainer.BlockHead(rows.Count, cut.Length).Length;

        (List<ContainerRow> read, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);

        using (reader)
        {
            Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, dataAt), reader.Error);
            Assert.True(read.Count < rows.Count);
            Assert.Equal(rows.Take(read.Count), read);
        }
    }

    [Fact]
    public void TryReadBlock_InflatesOverLimit_MessageTooLarge()
    {
        byte[] header = RawContainer.Header("deflate", ContainerRow.SchemaJson, s_sync);
        byte[] bomb = RawContainer.Deflate(new byte[1 << 20]);
        byte[] file = RawContainer.Concat(header, RawContainer.Block(1, bomb, s_sync));
        var options = new AvroContainerReaderOptions { MaxDecompressedBlockBytes = 64 * 1024 };
        int dataAt = header.Length + RawContainer.BlockHead(1, bomb.Length).Length;

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file), options: options);
        ContainerTestFiles.ReadResult segmented = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(file), options: options);

        Assert.Equal(new AvroError(AvroErrorCode.MessageTooLarge, dataAt), result.Error);
        Assert.Equal(result.Error, segmented.Error);
    }

    [Fact]
    public void TryReadBlock_InflatesExactlyToLimit_Accepted()
    {
        byte[] header = RawContainer.Header("deflate", """{"type":"fixed","name":"K","size":1024}""", s_sync);
        byte[] data = RawContainer.Deflate(new byte[64 * 1024]);
        byte[] file = RawContainer.Concat(header, RawContainer.Block(64, data, s_sync));
        var options = new AvroContainerReaderOptions { MaxDecompressedBlockBytes = 64 * 1024 };
        using var reader = new AvroContainerReader(options);
        var input = new ReadOnlySequence<byte>(file);

        Assert.True(reader.TryReadHeader(ref input, out _));
        Assert.True(reader.TryReadBlock(ref input, out AvroContainerBlock block, out AvroError error), error.ToString());
        int datums = 0;
        foreach (ReadOnlyMemory<byte> datum in block)
        {
            Assert.Equal(1024, datum.Length);
            datums++;
        }

        Assert.Equal(64, datums);
        Assert.Equal(64 * 1024, block.Data.Length);
        Assert.True(input.IsEmpty);
    }

    [Theory]
    [InlineData(3, 2)] // the data ends before the count
    [InlineData(1, 2)] // bytes left after the count
    public void Datums_CountDoesNotMatchData_InvalidContainerWhereTheyDiffer(long claimed, int present)
    {
        List<ContainerRow> rows = ContainerRow.Sample(present);
        byte[][] encoded = [.. rows.Select(r => r.Encode())];
        byte[] data = RawContainer.Concat(encoded);
        byte[] file = RawContainer.Concat(s_header, RawContainer.Block(claimed, data, s_sync));
        long dataAt = s_header.Length + RawContainer.BlockHead(claimed, data.Length).Length;
        long differAt = dataAt + encoded.Take((int)Math.Min(claimed, present)).Sum(e => e.Length);

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));

        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, differAt), result.Error);
        Assert.Equal(rows.Take((int)Math.Min(claimed, present)), result.Rows);
    }

    [Fact]
    public void Datums_BadUnionIndex_PreciseCodeAtAbsoluteOffset()
    {
        ContainerRow row = ContainerRow.Sample(2)[1]; // a note is present: union index 1
        byte[] datum = row.Encode();
        int unionAt = (row with { Note = null, Scores = [] }).Encode().Length - 1 - 1 - sizeof(double); // before: id and name
        Assert.Equal(0x02, datum[unionAt]);
        datum[unionAt] = 0x0A; // branch 5 of 2
        byte[] file = RawContainer.Concat(s_header, RawContainer.Block(1, datum, s_sync));
        long dataAt = s_header.Length + RawContainer.BlockHead(1, datum.Length).Length;

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        (_, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);

        Assert.Equal(new AvroError(AvroErrorCode.InvalidUnionIndex, dataAt + unionAt), result.Error);
        using (reader)
        {
            Assert.Equal(result.Error, reader.Error);
        }
    }

    [Fact]
    public void TryReadBlock_AfterAnError_SameErrorAndNothingConsumed()
    {
        byte[] file = RawContainer.Concat(s_header, RawContainer.Block(-1, [1], s_sync));
        using var reader = new AvroContainerReader();
        var input = new ReadOnlySequence<byte>(file);
        Assert.True(reader.TryReadHeader(ref input, out _));

        Assert.False(reader.TryReadBlock(ref input, out _, out AvroError first));
        Assert.False(reader.TryReadBlock(ref input, out _, out AvroError second));

        Assert.True(first.IsError);
        Assert.Equal(first, second);
        Assert.Equal(first, reader.Error);
        Assert.Equal(file.Length - s_header.Length, input.Length);
        Assert.Equal(s_header.Length, reader.Position);
    }
}
