using ParcelStream.Codec.Manifest;

namespace ParcelStream.Learning;

/// <summary>Receives the manifests of <see cref="ManifestFiles.ForEach"/>.</summary>
internal interface IManifestVisitor
{
    /// <summary>Called for each manifest that decodes, in file order.</summary>
    /// <param name="manifest">The manifest; valid during the call only.</param>
    /// <param name="parcel">Its position over all files (datums that do not decode count too, so positions agree between passes).</param>
    void Visit(ManifestView manifest, int parcel);
}
