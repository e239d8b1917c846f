using System.Buffers;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>The reader over one-byte segments, over input arriving a byte at a time, and over every truncation of a file.</summary>
public sealed class AvroContainerSegmentTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null, 1)]
    [InlineData(AvroContainerCodec.Null, 150)]
    [InlineData(AvroContainerCodec.Deflate, 1)]
    [InlineData(AvroContainerCodec.Deflate, 150)]
    public void TryReadBlock_OneByteSegments_SameAsContiguous(AvroContainerCodec codec, int blockBytes)
    {
        List<ContainerRow> rows = ContainerRow.Sample(25);
        byte[] file = ContainerTestFiles.Write(rows, codec, blockBytes);

        ContainerTestFiles.ReadResult contiguous = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        ContainerTestFiles.ReadResult segmented = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(file));
        ContainerTestFiles.ReadResult trickled = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(file), step: 1);

        Assert.False(contiguous.Error.IsError);
        Assert.Equal(rows, contiguous.Rows);
        foreach (ContainerTestFiles.ReadResult other in new[] { segmented, trickled })
        {
            Assert.Equal(contiguous.Error, other.Error);
            Assert.Equal(contiguous.Rows, other.Rows);
            Assert.Equal(contiguous.BlockEnds, other.BlockEnds);
            Assert.Equal(contiguous.HeaderLength, other.HeaderLength);
        }
    }

    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void EveryTruncation_NeedsMoreDataAndFileApiSaysTruncated(AvroContainerCodec codec)
    {
        List<ContainerRow> rows = ContainerRow.Sample(12);
        byte[] file = ContainerTestFiles.Write(rows, codec, blockBytes: 60);
        ContainerTestFiles.ReadResult whole = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(file));
        Assert.True(whole.BlockEnds.Count >= 3);
        Assert.Equal(file.Length, whole.BlockEnds[^1]);

        for (int length = 0; length < file.Length; length++)
        {
            byte[] prefix = file.AsSpan(0, length).ToArray();
            ContainerTestFiles.ReadResult cut = ContainerTestFiles.ReadIncrementally(new ReadOnlySequence<byte>(prefix));
            ContainerTestFiles.ReadResult cutSegmented = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(prefix));

            // The reader only ever asks for more data: no error, and only whole blocks seen.
            Assert.False(cut.Error.IsError, $"length {length}: {cut.Error}");
            Assert.Equal(cut.Rows, cutSegmented.Rows);
            Assert.Equal(cut.BlockEnds, cutSegmented.BlockEnds);
            List<long> complete = whole.BlockEnds.Where(end => end <= length).ToList();
            Assert.Equal(complete, cut.BlockEnds);
            Assert.Equal(rows.Take(cut.Rows.Count), cut.Rows);

            if (length < whole.HeaderLength)
            {
                var ex = Assert.Throws<AvroContainerException>(() => AvroContainerFile.Open(new MemoryStream(prefix)));
                Assert.Equal(AvroErrorCode.Truncated, ex.Error.Code);
                continue;
            }

            (List<ContainerRow> fromFile, AvroContainerFile reader) = ContainerTestFiles.ReadFile(prefix);
            using (reader)
            {
                Assert.Equal(cut.Rows, fromFile);
                bool atBoundary = length == whole.HeaderLength || whole.BlockEnds.Contains(length);
                if (atBoundary)
                {
                    Assert.False(reader.Error.IsError, $"length {length}: {reader.ErrorMessage}");
                }
                else
                {
                    long incompleteBlock = complete.Count > 0 ? complete[^1] : whole.HeaderLength;
                    Assert.Equal(new AvroError(AvroErrorCode.Truncated, incompleteBlock), reader.Error);
                }
            }
        }
    }
}
