using System.Buffers;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Tests.Container;

public sealed class AvroContainerRoundTripTests
{
    public static TheoryData<AvroContainerCodec, int, int> Layouts()
    {
        var data = new TheoryData<AvroContainerCodec, int, int>();
        foreach (AvroContainerCodec codec in new[] { AvroContainerCodec.Null, AvroContainerCodec.Deflate })
        {
            data.Add(codec, 1, 1 << 20);          // one datum per block
            data.Add(codec, 200, 1 << 20);        // a few datums per block
            data.Add(codec, 64 * 1024, 1 << 20);  // everything in one block
            data.Add(codec, 64 * 1024, 7);        // count target, not bytes
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void WriteThenRead_SeveralBlockLayouts_SameRowsInOrder(AvroContainerCodec codec, int blockBytes, int blockDatums)
    {
        List<ContainerRow> rows = ContainerRow.Sample(150);
        byte[] file = ContainerTestFiles.Write(rows, codec, blockBytes, blockDatums);

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        (List<ContainerRow> fromFile, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);
        using (reader)
        {
            Assert.False(result.Error.IsError, result.Error.ToString());
            Assert.Equal(rows, result.Rows);
            Assert.False(reader.Error.IsError, reader.ErrorMessage);
            Assert.Equal(rows, fromFile);
            Assert.Equal(codec, reader.Codec);
            Assert.Equal(rows.Count, reader.DatumsRead);
            Assert.Equal(result.BlockEnds.Count, reader.BlocksRead);
        }

        int expectedBlocks = blockBytes == 1 ? rows.Count : blockDatums == 7 ? (rows.Count + 6) / 7 : blockBytes >= 64 * 1024 ? 1 : -1;
        if (expectedBlocks > 0)
        {
            Assert.Equal(expectedBlocks, result.BlockEnds.Count);
        }
        else
        {
            Assert.InRange(result.BlockEnds.Count, 2, rows.Count - 1);
        }
    }

    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void WriteThenRead_NoDatums_HeaderOnlyFileReadsEmpty(AvroContainerCodec codec)
    {
        byte[] file = ContainerTestFiles.Write([], codec);

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        (List<ContainerRow> rows, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);
        using (reader)
        {
            Assert.Equal(file.Length, result.HeaderLength);
            Assert.Empty(result.BlockEnds);
            Assert.Empty(result.Rows);
            Assert.Empty(rows);
            Assert.False(reader.Error.IsError);
            Assert.Equal(codec, reader.Codec);
            Assert.Equal(AvroType.Record, reader.Schema.Type);
            Assert.Equal("test.container.Row", reader.Schema.DisplayName);
            Assert.Equal(ContainerRow.SchemaJson, reader.SchemaJson);
        }
    }

    [Fact]
    public void Write_SuppliedSyncMarker_OutputIsByteIdenticalAndEndsWithIt()
    {
        List<ContainerRow> rows = ContainerRow.Sample(40);

        byte[] first = ContainerTestFiles.Write(rows, AvroContainerCodec.Deflate, blockBytes: 300);
        byte[] second = ContainerTestFiles.Write(rows, AvroContainerCodec.Deflate, blockBytes: 300);

        Assert.Equal(first, second);
        Assert.Equal(ContainerTestFiles.FixedSync, first.AsSpan(first.Length - 16).ToArray());
        Assert.Equal("Obj\u0001"u8.ToArray(), first.AsSpan(0, 4).ToArray());
    }

    [Fact]
    public void Write_DefaultSyncMarker_RandomPerFile()
    {
        using var a = new AvroContainerWriter(new MemoryStream(), ContainerRow.SchemaJson);
        using var b = new AvroContainerWriter(new MemoryStream(), ContainerRow.SchemaJson);

        Assert.False(a.SyncMarker.SequenceEqual(b.SyncMarker));
    }

    [Fact]
    public void WriteDatum_AllThreeWays_SameBytes()
    {
        List<ContainerRow> rows = ContainerRow.Sample(30);
        var options = new AvroContainerWriterOptions { SyncMarker = ContainerTestFiles.FixedSync, BlockBytes = 256 };
        byte[] viaSource = ContainerTestFiles.Write(rows, blockBytes: 256);

        using var encoded = new MemoryStream();
        using var opened = new MemoryStream();
        using (var w1 = new AvroContainerWriter(encoded, ContainerRow.SchemaJson, options, leaveOpen: true))
        using (var w2 = new AvroContainerWriter(opened, ContainerRow.SchemaJson, options, leaveOpen: true))
        {
            foreach (ContainerRow row in rows)
            {
                w1.WriteDatum(row.Encode());
                var w = new AvroWriter(w2.BeginDatum());
                row.Write(ref w);
                w.Flush();
                w2.CommitDatum();
            }

            Assert.Equal(rows.Count, w1.DatumsWritten);
            Assert.Equal(w1.BlocksWritten, w2.BlocksWritten);
        }

        Assert.Equal(viaSource, encoded.ToArray());
        Assert.Equal(viaSource, opened.ToArray());
    }

    [Fact]
    public void Dispose_DatumLeftOpen_DroppedAndFileStillValid()
    {
        List<ContainerRow> rows = ContainerRow.Sample(3);
        using var stream = new MemoryStream();
        using (var writer = new AvroContainerWriter(stream, ContainerRow.SchemaJson, leaveOpen: true))
        {
            foreach (ContainerRow row in rows)
            {
                writer.WriteDatum(new RowSource(row));
            }

            IBufferWriter<byte> open = writer.BeginDatum();
            open.Write(new byte[] { 1, 2, 3 });
            Assert.Throws<InvalidOperationException>(() => writer.WriteDatum(new byte[] { 4 }));
            Assert.Throws<InvalidOperationException>(writer.Flush);
        }

        (List<ContainerRow> read, AvroContainerFile file) = ContainerTestFiles.ReadFile(stream.ToArray());
        using (file)
        {
            Assert.False(file.Error.IsError, file.ErrorMessage);
            Assert.Equal(rows, read);
        }
    }

    [Fact]
    public async Task FlushAsync_ThenMoreDatums_EveryFlushEndsABlock()
    {
        List<ContainerRow> rows = ContainerRow.Sample(10);
        using var stream = new MemoryStream();
        await using (var writer = new AvroContainerWriter(stream, ContainerRow.SchemaJson, new AvroContainerWriterOptions { Codec = AvroContainerCodec.Deflate }, leaveOpen: true))
        {
            foreach (ContainerRow row in rows.Take(4))
            {
                writer.WriteDatum(new RowSource(row));
            }

            await writer.FlushAsync();
            long afterFirst = stream.Length;
            Assert.Equal(1, writer.BlocksWritten);
            Assert.Equal(afterFirst, writer.BytesWritten);
            await writer.FlushAsync(); // nothing pending: no empty block
            Assert.Equal(afterFirst, stream.Length);
            foreach (ContainerRow row in rows.Skip(4))
            {
                writer.WriteDatum(new RowSource(row));
            }
        }

        ContainerTestFiles.ReadResult result = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(stream.ToArray()));
        Assert.False(result.Error.IsError);
        Assert.Equal(2, result.BlockEnds.Count);
        Assert.Equal(rows, result.Rows);
    }

    [Fact]
    public void Metadata_ExtraEntries_ReadBack()
    {
        var options = new AvroContainerWriterOptions { Metadata = new Dictionary<string, byte[]> { ["parcelstream.generator"] = "seed=42"u8.ToArray() } };
        using var stream = new MemoryStream();
        using (new AvroContainerWriter(stream, ContainerRow.SchemaJson, options, leaveOpen: true))
        {
        }

        stream.Position = 0;
        using AvroContainerFile file = AvroContainerFile.Open(stream);
        Assert.Equal("seed=42"u8.ToArray(), file.Metadata["parcelstream.generator"]);
        Assert.Single(file.Metadata);
    }

    [Fact]
    public void Options_ReservedMetadataKeyOrShortSyncMarker_Rejected()
    {
        var reserved = new AvroContainerWriterOptions { Metadata = new Dictionary<string, byte[]> { ["avro.codec"] = [] } };
        var shortSync = new AvroContainerWriterOptions { SyncMarker = new byte[15] };

        Assert.Throws<ArgumentException>(() => new AvroContainerWriter(new MemoryStream(), ContainerRow.SchemaJson, reserved));
        Assert.Throws<ArgumentException>(() => new AvroContainerWriter(new MemoryStream(), ContainerRow.SchemaJson, shortSync));
        Assert.Throws<AvroSchemaException>(() => new AvroContainerWriter(new MemoryStream(), """{"type":"nope"}"""));
    }

    [Fact]
    public void FileApi_CreateAndOpenOnDisk_SameRows()
    {
        List<ContainerRow> rows = ContainerRow.Sample(2_000);
        string path = Path.Combine(Path.GetTempPath(), $"parcelstream-container-{Guid.NewGuid():N}.avro");
        try
        {
            // A read buffer smaller than a block makes the file reader grow and compact its buffer.
            using (AvroContainerWriter writer = AvroContainerFile.Create(path, ContainerRow.SchemaJson, new AvroContainerWriterOptions { Codec = AvroContainerCodec.Deflate, BlockBytes = 8 * 1024 }))
            {
                foreach (ContainerRow row in rows)
                {
                    writer.WriteDatum(new RowSource(row));
                }
            }

            using AvroContainerFile file = AvroContainerFile.Open(path, new AvroContainerReaderOptions { ReadBufferBytes = 1024 });
            var read = new List<ContainerRow>();
            while (file.TryRead(out ReadOnlyMemory<byte> datum))
            {
                read.Add(ContainerRow.Decode(datum.Span));
            }

            Assert.False(file.Error.IsError, file.ErrorMessage);
            Assert.Equal(rows, read);
            Assert.True(file.BlocksRead > 1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
