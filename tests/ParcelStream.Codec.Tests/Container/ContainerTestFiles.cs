using System.Buffers;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>Builds container files for the tests, and reads them back every way the library offers.</summary>
internal static class ContainerTestFiles
{
    public static readonly byte[] FixedSync = [0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xA9, 0xBA, 0xCB, 0xDC, 0xED, 0xFE, 0x0F];

    public static byte[] Write(IEnumerable<ContainerRow> rows, AvroContainerCodec codec = AvroContainerCodec.Null, int blockBytes = 64 * 1024, int blockDatums = 1 << 20)
    {
        using var stream = new MemoryStream();
        var options = new AvroContainerWriterOptions { Codec = codec, BlockBytes = blockBytes, BlockDatums = blockDatums, SyncMarker = FixedSync };
        using (var writer = new AvroContainerWriter(stream, ContainerRow.SchemaJson, options, leaveOpen: true))
        {
            foreach (ContainerRow row in rows)
            {
                writer.WriteDatum(new RowSource(row));
            }
        }

        return stream.ToArray();
    }

    /// <summary>The result of reading a file: the datums decoded, the block boundaries seen and the error, if any.</summary>
    public sealed record ReadResult(List<ContainerRow> Rows, List<long> BlockEnds, AvroError Error, long HeaderLength);

    /// <summary>
    /// Reads <paramref name="sequence"/> with <see cref="AvroContainerReader"/>, offering it <paramref name="step"/>
    /// more bytes at a time (0 offers everything at once), as a PipeReader would.
    /// </summary>
    public static ReadResult ReadIncrementally(ReadOnlySequence<byte> sequence, int step = 0, AvroContainerReaderOptions? options = null)
    {
        using var reader = new AvroContainerReader(options);
        var rows = new List<ContainerRow>();
        var blockEnds = new List<long>();
        long available = step == 0 ? sequence.Length : 0;
        long headerLength = -1;
        while (true)
        {
            ReadOnlySequence<byte> input = sequence.Slice(reader.Position, available - reader.Position);
            long before = input.Length;
            long positionBefore = reader.Position;
            bool read;
            AvroError error;
            if (!reader.HasHeader)
            {
                read = reader.TryReadHeader(ref input, out error);
                if (read)
                {
                    headerLength = reader.Position;
                }
            }
            else
            {
                read = reader.TryReadBlock(ref input, out AvroContainerBlock block, out error);
                if (read)
                {
                    AvroDatumEnumerator datums = block.GetEnumerator();
                    while (datums.MoveNext())
                    {
                        rows.Add(ContainerRow.Decode(datums.Current.Span));
                    }

                    if (datums.Error.IsError)
                    {
                        return new ReadResult(rows, blockEnds, datums.Error, headerLength);
                    }

                    blockEnds.Add(reader.Position);
                }
            }

            if (error.IsError)
            {
                Assert.False(read);
                Assert.Equal(before, input.Length); // nothing consumed on error
                return new ReadResult(rows, blockEnds, error, headerLength);
            }

            if (read)
            {
                Assert.Equal(reader.Position - positionBefore, before - input.Length); // consumed exactly what was read
                continue;
            }

            Assert.Equal(before, input.Length); // "need more data" consumes nothing
            if (available == sequence.Length)
            {
                return new ReadResult(rows, blockEnds, default, headerLength);
            }

            available = Math.Min(sequence.Length, available + step);
        }
    }

    /// <summary>Reads every datum with <see cref="AvroContainerFile"/>.</summary>
    public static (List<ContainerRow> Rows, AvroContainerFile File) ReadFile(byte[] bytes, AvroContainerReaderOptions? options = null)
    {
        var file = AvroContainerFile.Open(new MemoryStream(bytes), options);
        var rows = new List<ContainerRow>();
        while (file.TryRead(out ReadOnlyMemory<byte> datum))
        {
            rows.Add(ContainerRow.Decode(datum.Span));
        }

        return (rows, file);
    }

    /// <summary>A sequence of one-byte segments over a copy of <paramref name="bytes"/>.</summary>
    public static ReadOnlySequence<byte> OneByteSegments(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(new[] { bytes[0] }, 0);
        Segment last = first;
        for (int i = 1; i < bytes.Length; i++)
        {
            last = last.Append(new[] { bytes[i] });
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
