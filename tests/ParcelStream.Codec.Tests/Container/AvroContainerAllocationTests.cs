using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>
/// Steady-state writing and reading allocate nothing per datum. Allocation is counted (deterministic), not timed:
/// the bound is far below one byte per datum, so a single allocation per datum fails the test.
/// </summary>
public sealed class AvroContainerAllocationTests
{
    private const int Datums = 20_000;

    [Fact]
    public void WriteDatum_NullCodecSteadyState_NoAllocationPerDatum()
    {
        List<ContainerRow> rows = ContainerRow.Sample(500);
        using var writer = new AvroContainerWriter(Stream.Null, ContainerRow.SchemaJson, new AvroContainerWriterOptions { BlockBytes = 16 * 1024 });
        WriteRows(writer, rows, rows.Count); // warm up: JIT, pooled buffers

        long before = GC.GetAllocatedBytesForCurrentThread();
        WriteRows(writer, rows, Datums);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(writer.BlocksWritten > 10);
        Assert.True(allocated < Datums / 10, $"{allocated} bytes allocated for {Datums} datums");
    }

    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void TryReadAndDecode_ManifestFile_NoAllocationPerDatum(AvroContainerCodec codec)
    {
        ManifestRecord manifest = SampleManifests.Typical();
        using var stream = new MemoryStream();
        using (AvroContainerWriter writer = AvroContainerManifests.CreateWriter(stream, new AvroContainerWriterOptions { Codec = codec }, leaveOpen: true))
        {
            for (int i = 0; i < Datums + 1_000; i++)
            {
                writer.WriteManifest(manifest);
            }
        }

        stream.Position = 0;
        using AvroContainerFile file = AvroContainerFile.Open(stream);
        ManifestDecoder decoder = file.CreateManifestDecoder();
        var view = new ManifestView();
        ReadManifests(file, decoder, view, 1_000); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        int read = ReadManifests(file, decoder, view, Datums);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Datums, read);
        Assert.False(file.Error.IsError, file.ErrorMessage);
        Assert.True(file.BlocksRead > 10);

        // Deflate costs a DeflateStream per block (about 150 datums), never per datum.
        long bound = codec == AvroContainerCodec.Null ? Datums / 10 : file.BlocksRead * 1_024;
        Assert.True(allocated < bound, $"{allocated} bytes allocated for {Datums} datums in {file.BlocksRead} blocks");
    }

    private static void WriteRows(AvroContainerWriter writer, List<ContainerRow> rows, int count)
    {
        for (int i = 0; i < count; i++)
        {
            writer.WriteDatum(new RowSource(rows[i % rows.Count]));
        }
    }

    private static int ReadManifests(AvroContainerFile file, ManifestDecoder decoder, ManifestView view, int count)
    {
        int read = 0;
        while (read < count && file.TryRead(out ReadOnlyMemory<byte> datum))
        {
            AvroError error = decoder.DecodeDatum(datum, view);
            Assert.False(error.IsError);
            read++;
        }

        return read;
    }
}
