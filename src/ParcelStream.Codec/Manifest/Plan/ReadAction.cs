namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// One step of a read plan, compiled once per writer schema: reads (or skips) one writer value and stores it where
/// the reader schema wants it.
/// </summary>
internal abstract class ReadAction
{
    /// <summary>Reads one value.</summary>
    /// <returns>False when the input is truncated or corrupt (the reader's Error tells which).</returns>
    public abstract bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state);
}
