using ParcelStream.Backtest.Replay;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;

namespace ParcelStream.Backtest.Tests;

public sealed class ContainerBlockSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-blocks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private byte[] SmallContainer(AvroContainerCodec codec)
    {
        string path = Path.Combine(_dir, $"small-{codec}.avro");
        Samples.WriteContainer(path, Samples.FirstDatums(12), blockDatums: 4, codec);
        return File.ReadAllBytes(path);
    }

    private static List<(long Sequence, long FirstRecord, int Count, long Offset, byte[] Stored)> ReadAll(Stream stream)
    {
        var blocks = new List<(long, long, int, long, byte[])>();
        using ContainerBlockSource source = ContainerBlockSource.Open(stream, AvroContainerReaderOptions.Default);
        using var block = new ReplayBlock(1, [false]);
        while (source.TryReadBlock(block))
        {
            blocks.Add((block.Sequence, block.FirstRecord, block.Count, block.Offset, block.Stored.ToArray()));
        }

        return blocks;
    }

    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void TryReadBlock_OneByteReads_SameBlocksAsWholeReads(AvroContainerCodec codec)
    {
        byte[] file = SmallContainer(codec);
        var whole = ReadAll(new MemoryStream(file));
        var trickled = ReadAll(new OneByteStream(file));
        Assert.Equal(3, whole.Count);
        Assert.Equal([0L, 4, 8], whole.Select(b => b.FirstRecord));
        Assert.Equal(whole.Select(b => (b.Sequence, b.FirstRecord, b.Count, b.Offset)), trickled.Select(b => (b.Sequence, b.FirstRecord, b.Count, b.Offset)));
        Assert.Equal(whole.Select(b => Convert.ToHexString(b.Stored)), trickled.Select(b => Convert.ToHexString(b.Stored)));
    }

    [Fact]
    public void TryReadBlock_EveryTruncation_CleanEndOnlyAtBlockBoundariesElseTruncated()
    {
        byte[] file = SmallContainer(AvroContainerCodec.Deflate);
        var blocks = ReadAll(new MemoryStream(file));
        long headerEnd = blocks[0].Offset;
        var boundaries = blocks.Select(b => b.Offset).Append(file.Length).ToHashSet();
        for (int length = 0; length < file.Length; length++)
        {
            var stream = new MemoryStream(file, 0, length);
            if (length < headerEnd)
            {
                Assert.Throws<AvroContainerException>(() => ReadAll(stream));
                continue;
            }

            if (boundaries.Contains(length))
            {
                Assert.Equal(blocks.Count(b => b.Offset < length), ReadAll(stream).Count);
            }
            else
            {
                AvroContainerException e = Assert.Throws<AvroContainerException>(() => ReadAll(stream));
                Assert.Equal(AvroErrorCode.Truncated, e.Error.Code);
            }
        }
    }

    [Fact]
    public void TryReadBlock_SyncMarkerDamaged_ThrowsInvalidContainerWithItsOffset()
    {
        byte[] file = SmallContainer(AvroContainerCodec.Null);
        var blocks = ReadAll(new MemoryStream(file));
        long syncAt = blocks[1].Offset - 16;
        file[syncAt + 3] ^= 0xFF;
        AvroContainerException e = Assert.Throws<AvroContainerException>(() => ReadAll(new MemoryStream(file)));
        Assert.Equal(new AvroError(AvroErrorCode.InvalidContainer, syncAt), e.Error);
    }

    /// <summary>Hands out at most one byte per read.</summary>
    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
