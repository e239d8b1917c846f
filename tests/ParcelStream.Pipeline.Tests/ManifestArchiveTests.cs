using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Generation;

namespace ParcelStream.Pipeline.Tests;

public sealed class ManifestArchiveTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void Write_GeneratedManifests_ContainerFileReadsBackTheSameSequence(AvroContainerCodec codec)
    {
        string path = Path.Combine(Path.GetTempPath(), $"generated-{Guid.NewGuid():N}.avro");
        GeneratorOptions Options() => new GeneratorOptions { Seed = 17, UseWatchListFile = false }.WithRiskyShare(0.5);
        try
        {
            PublishSummary summary = ManifestArchive.Write(new ManifestGenerator(Options()), path, 1_500, codec);

            Assert.Equal((1_500L, 1_500L, 0L), (summary.Produced, summary.Delivered, summary.Failed));
            Assert.DoesNotContain(ManifestKind.Undecodable, summary.ByKind.Keys);
            Assert.Equal(new FileInfo(path).Length, summary.Bytes);

            var replay = new ManifestGenerator(Options());
            var expected = new ManifestRecord();
            using AvroContainerFile file = AvroContainerFile.Open(path);
            ManifestDecoder decoder = AvroContainerManifests.CreateDecoder(file.Schema);
            var view = new ManifestView();
            int read = 0;
            while (file.TryRead(out ReadOnlyMemory<byte> datum))
            {
                replay.Next(expected);
                AvroError error = decoder.DecodeDatum(datum, view);
                Assert.False(error.IsError, $"datum {read}: {error}");
                Assert.Equal(expected.ManifestId, Encoding.UTF8.GetString(view.ManifestId));
                Assert.Equal(expected.TotalValueMinor, view.TotalValueMinor);
                read++;
            }

            Assert.False(file.Error.IsError, file.ErrorMessage);
            Assert.Equal(1_500, read);
            Assert.Equal(codec, file.Codec);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
