using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Tests;

public sealed class ManifestArchiveTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void Write_GeneratedManifests_ContainerFileReadsBackTheSameSequence(AvroContainerCodec codec)
    {
        string path = Path.Combine(Path.GetTempPath(), $"generated-{Guid.NewGuid():N}.avro");
        GeneratorOptions Options() => new GeneratorOptions { Seed = 17, UseRulePackWatchLists = false }.WithRiskyShare(0.5);
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
            File.Delete(GroundTruth.SideFileOf(path));
        }
    }

    [Fact]
    public void Write_GeneratedManifests_SideFileNamesEveryManifestsPlantedKind()
    {
        string path = Path.Combine(Path.GetTempPath(), $"generated-{Guid.NewGuid():N}.avro");
        GeneratorOptions Options() => new GeneratorOptions { Seed = 23, UseRulePackWatchLists = false }.WithRiskyShare(0.5);
        try
        {
            PublishSummary summary = ManifestArchive.Write(new ManifestGenerator(Options()), path, 800);

            string[] lines = File.ReadAllLines(GroundTruth.SideFileOf(path));
            Assert.Equal(GroundTruth.CsvHeader, lines[0]);
            Assert.Equal(801, lines.Length);
            var replay = new ManifestGenerator(Options());
            var expected = new ManifestRecord();
            for (int i = 1; i < lines.Length; i++)
            {
                ManifestKind kind = replay.Next(expected);
                Assert.Equal($"{expected.ManifestId},{expected.TrackingNumber},{kind}", lines[i]);
            }

            Assert.Equal(summary.ByKind.OrderBy(k => k.Key).Select(k => (k.Key.ToString(), k.Value)), lines.Skip(1).GroupBy(l => l.Split(',')[2]).Select(g => (g.Key, (long)g.Count())).OrderBy(g => Enum.Parse<ManifestKind>(g.Item1)));
        }
        finally
        {
            File.Delete(path);
            File.Delete(GroundTruth.SideFileOf(path));
        }
    }
}
