using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Learning;

/// <summary>Reads the manifests of container files (as <c>generate --out</c> writes them) one by one, with one reused view.</summary>
internal static class ManifestFiles
{
    private const int ProgressEvery = 4096;

    /// <summary>Decodes every datum of <paramref name="paths"/> in order and hands each manifest to <paramref name="visitor"/>.</summary>
    /// <typeparam name="TVisitor">The visitor (a struct, so the call is direct).</typeparam>
    /// <param name="paths">The files.</param>
    /// <param name="visitor">Receives each manifest.</param>
    /// <param name="progress">Called now and then with bytes read and bytes in all; may be null.</param>
    /// <returns>Datums read and how many of them did not decode.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a manifest container, or is corrupt or cut short; the message names it.</exception>
    public static (int Datums, int Bad) ForEach<TVisitor>(IReadOnlyList<string> paths, ref TVisitor visitor, Action<long, long>? progress = null)
        where TVisitor : struct, IManifestVisitor
    {
        long total = paths.Sum(p => new FileInfo(p) is { Exists: true } f ? f.Length : throw new FileNotFoundException($"{p} does not exist.", p));
        long before = 0;
        int index = 0, bad = 0;
        var view = new ManifestView();
        foreach (string path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            AvroContainerFile file;
            ManifestDecoder decoder;
            try
            {
                file = AvroContainerFile.Open(stream, leaveOpen: true);
                decoder = file.CreateManifestDecoder();
            }
            catch (Exception e) when (e is AvroContainerException or Codec.AvroSchemaException)
            {
                throw new InvalidDataException($"{path}: not a manifest container file ({e.Message})", e);
            }

            using (file)
            {
                while (file.TryRead(out ReadOnlyMemory<byte> datum))
                {
                    if (decoder.DecodeDatum(datum, view).IsError)
                    {
                        bad++;
                    }
                    else
                    {
                        visitor.Visit(view, index);
                    }

                    if (++index % ProgressEvery == 0)
                    {
                        progress?.Invoke(before + stream.Position, total);
                    }
                }

                if (file.Error.IsError)
                {
                    throw new InvalidDataException($"{path}: {file.ErrorMessage}");
                }
            }

            before += stream.Length;
            progress?.Invoke(before, total);
        }

        return (index, bad);
    }
}
