using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Container;

/// <summary>Writes a <see cref="ManifestRecord"/> straight into a container block.</summary>
/// <param name="manifest">The manifest.</param>
internal readonly struct ManifestDatumSource(ManifestRecord manifest) : IDatumSource
{
    /// <inheritdoc />
    public void Write(ref AvroWriter writer) => ManifestEncoder.WriteDatum(ref writer, manifest);
}
