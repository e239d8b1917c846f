using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>What <see cref="ManifestGenerator.NextMessage"/> wrote.</summary>
/// <param name="Kind">The kind of message; <see cref="ManifestKind.Undecodable"/> means the bytes are deliberately not a manifest.</param>
/// <param name="Length">Bytes written.</param>
/// <param name="Record">
/// The manifest written, or for an undecodable message the manifest its garbage was derived from (its tracking number
/// still makes a key). The generator reuses this object: it is valid until the next call.
/// </param>
public readonly record struct GeneratedMessage(ManifestKind Kind, int Length, ManifestRecord Record);
