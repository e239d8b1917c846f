using System.Diagnostics;
using System.Text;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>Writes generated manifests to an Avro object container file (a replay file), for the <c>generate --out</c> command.</summary>
public static class ManifestArchive
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Writes <paramref name="count"/> manifests from <paramref name="generator"/> to <paramref name="path"/> (created or
    /// overwritten), and what was planted in each to the side file <see cref="GroundTruth.SideFileOf"/>. A container
    /// holds decodable datums only, so the generator's undecodable share is left out.
    /// </summary>
    /// <param name="generator">The source of manifests.</param>
    /// <param name="path">The .avro file.</param>
    /// <param name="count">How many manifests.</param>
    /// <param name="codec">The block codec.</param>
    /// <param name="progress">Called about ten times a second with the manifests written so far; null for none.</param>
    /// <param name="cancellationToken">Stops writing; the file is still closed properly with what was written.</param>
    /// <returns>The counts; <see cref="PublishSummary.Bytes"/> is the file size.</returns>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static PublishSummary Write(ManifestGenerator generator, string path, long count, AvroContainerCodec codec = AvroContainerCodec.Deflate, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var byKind = new Dictionary<ManifestKind, long>();
        var record = new ManifestRecord();
        var clock = Stopwatch.StartNew();
        TimeSpan nextProgress = s_progressInterval;
        long written = 0;
        using (AvroContainerWriter writer = AvroContainerFile.Create(path, AvroContainerManifests.ManifestSchemaJson, new AvroContainerWriterOptions { Codec = codec }))
        using (var truth = new StreamWriter(GroundTruth.SideFileOf(path), false, new UTF8Encoding(false), 1 << 16))
        {
            truth.Write(GroundTruth.CsvHeader);
            truth.Write('\n');
            for (; written < count && !cancellationToken.IsCancellationRequested; written++)
            {
                ManifestKind kind = generator.Next(record);
                byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
                writer.WriteManifest(record);
                GroundTruth.WriteLine(truth, record.ManifestId, record.TrackingNumber, kind);
                if (progress is not null && clock.Elapsed >= nextProgress)
                {
                    progress(written + 1);
                    nextProgress = clock.Elapsed + s_progressInterval;
                }
            }
        }

        progress?.Invoke(written);
        return new PublishSummary(written, written, 0, byKind, new FileInfo(path).Length, clock.Elapsed, null);
    }
}
