namespace ParcelStream.Codec.Container;

/// <summary>
/// Encodes one datum straight into a container block. Implement it on a struct and pass it to
/// <see cref="AvroContainerWriter.WriteDatum{T}(T)"/>: the call is specialized per type, so nothing is boxed.
/// </summary>
public interface IDatumSource
{
    /// <summary>Writes the datum, encoded with the file's schema.</summary>
    /// <param name="writer">The writer, positioned at the end of the block; the container flushes it afterwards.</param>
    void Write(ref AvroWriter writer);
}
