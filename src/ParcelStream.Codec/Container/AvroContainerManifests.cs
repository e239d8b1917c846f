using System.Runtime.InteropServices;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>Manifests in object container files (replay files): writing them, and decoding a file's datums into a <see cref="ManifestView"/>.</summary>
public static class AvroContainerManifests
{
    private static readonly Lazy<string> s_manifestSchemaJson = new(LoadManifestSchemaJson);

    /// <summary>Gets the JSON of the manifest schema this build writes (schemas/parcel-manifest.avsc), for <c>avro.schema</c>.</summary>
    public static string ManifestSchemaJson => s_manifestSchemaJson.Value;

    /// <summary>Creates a container writer for manifests, with the manifest schema in its header.</summary>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="options">Codec, sync marker, block targets; defaults when null.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <returns>The writer; add manifests with <see cref="WriteManifest"/>.</returns>
    public static AvroContainerWriter CreateWriter(Stream stream, AvroContainerWriterOptions? options = null, bool leaveOpen = false) =>
        new(stream, ManifestSchemaJson, options, leaveOpen);

    /// <summary>Encodes a manifest with the v1 schema straight into the writer's block.</summary>
    /// <param name="writer">A writer whose schema is the manifest schema (see <see cref="CreateWriter"/>).</param>
    /// <param name="manifest">The manifest.</param>
    /// <exception cref="InvalidOperationException">The writer's schema is not the manifest schema <see cref="ManifestEncoder"/> writes.</exception>
    public static void WriteManifest(this AvroContainerWriter writer, ManifestRecord manifest)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(manifest);
        if (writer.SchemaFingerprint != ManifestEncoder.Fingerprint)
        {
            ThrowHelper.ThrowInvalidOperation($"The container's schema ({writer.Schema.DisplayName}, fingerprint {writer.SchemaFingerprint:X16}) is not the manifest schema ManifestEncoder writes.");
        }

        writer.WriteDatum(new ManifestDatumSource(manifest));
    }

    /// <summary>
    /// Creates a decoder for raw manifest datums written with <paramref name="writerSchema"/> (a container file's
    /// schema): the schema is registered by fingerprint and resolved against the reader schema once, here.
    /// </summary>
    /// <param name="writerSchema">The file's writer schema.</param>
    /// <param name="limits">Bounds on each manifest; <see cref="CodecLimits.Default"/> when null.</param>
    /// <returns>The decoder.</returns>
    /// <exception cref="AvroSchemaException">The schema is not a ParcelManifest the reader schema can resolve.</exception>
    public static ManifestDecoder CreateDecoder(AvroSchema writerSchema, CodecLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(writerSchema);
        var registered = new RegisteredSchema(-1, writerSchema, "object container file");
        return new ManifestDecoder(new SchemaRegistry([registered]), limits, MessageFraming.Raw, registered.Fingerprint);
    }

    /// <summary>Decodes one raw datum of a container file into <paramref name="view"/>, without a copy when the datum lies in an array.</summary>
    /// <param name="decoder">A decoder from <see cref="CreateDecoder"/>.</param>
    /// <param name="datum">The datum, e.g. from <see cref="AvroContainerFile.TryRead"/>.</param>
    /// <param name="view">The view to fill; valid while the datum's memory is.</param>
    /// <returns><see cref="AvroError.None"/>, or why and where (from the datum start) the manifest is bad.</returns>
    public static AvroError DecodeDatum(this ManifestDecoder decoder, ReadOnlyMemory<byte> datum, ManifestView view)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        return MemoryMarshal.TryGetArray(datum, out ArraySegment<byte> segment)
            ? decoder.Decode(segment.Array!, segment.Offset, segment.Count, view)
            : decoder.Decode(datum.Span, view);
    }

    private static string LoadManifestSchemaJson()
    {
        using Stream stream = typeof(AvroContainerManifests).Assembly.GetManifestResourceStream("parcel-manifest.avsc")
            ?? throw new InvalidOperationException("Embedded schema parcel-manifest.avsc is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
