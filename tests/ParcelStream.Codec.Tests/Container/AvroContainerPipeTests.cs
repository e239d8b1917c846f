using System.Buffers;
using System.IO.Pipelines;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>The reader driven by a PipeReader, the way the host consumes a file or socket.</summary>
public sealed class AvroContainerPipeTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null, 7)]
    [InlineData(AvroContainerCodec.Deflate, 7)]
    [InlineData(AvroContainerCodec.Deflate, 4096)]
    public async Task PipeReader_SmallWrites_SameRows(AvroContainerCodec codec, int chunk)
    {
        List<ContainerRow> rows = ContainerRow.Sample(200);
        byte[] file = ContainerTestFiles.Write(rows, codec, blockBytes: 700);
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16, pauseWriterThreshold: 0));
        Task producer = Produce(pipe.Writer, file, chunk);

        List<ContainerRow> read = await Consume(pipe.Reader);
        await producer;

        Assert.Equal(rows, read);
    }

    private static async Task Produce(PipeWriter writer, byte[] file, int chunk)
    {
        for (int i = 0; i < file.Length; i += chunk)
        {
            await writer.WriteAsync(file.AsMemory(i, Math.Min(chunk, file.Length - i)));
        }

        await writer.CompleteAsync();
    }

    private static async Task<List<ContainerRow>> Consume(PipeReader pipe)
    {
        using var reader = new AvroContainerReader();
        var rows = new List<ContainerRow>();
        while (true)
        {
            ReadResult result = await pipe.ReadAsync();
            ReadOnlySequence<byte> input = result.Buffer;
            AvroError error = ReadAvailable(reader, ref input, rows);
            Assert.False(error.IsError, reader.ErrorMessage);
            pipe.AdvanceTo(input.Start, input.End);
            if (result.IsCompleted)
            {
                Assert.True(input.IsEmpty, "the file ended inside a block");
                await pipe.CompleteAsync();
                return rows;
            }
        }
    }

    private static AvroError ReadAvailable(AvroContainerReader reader, ref ReadOnlySequence<byte> input, List<ContainerRow> rows)
    {
        AvroError error;
        if (!reader.HasHeader && !reader.TryReadHeader(ref input, out error))
        {
            return error;
        }

        while (reader.TryReadBlock(ref input, out AvroContainerBlock block, out error))
        {
            // The datums must be used before AdvanceTo: an uncompressed block points into the pipe's memory.
            AvroDatumEnumerator datums = block.GetEnumerator();
            while (datums.MoveNext())
            {
                rows.Add(ContainerRow.Decode(datums.Current.Span));
            }

            Assert.False(datums.Error.IsError);
        }

        return error;
    }
}
