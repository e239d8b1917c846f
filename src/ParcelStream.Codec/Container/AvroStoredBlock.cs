namespace ParcelStream.Codec.Container;

/// <summary>
/// One block of an object container file as stored, not inflated, so that another thread can inflate and walk it (with
/// an <see cref="AvroBlockInflater"/> when the file is compressed). The data is valid until the next read.
/// </summary>
/// <param name="Data">The stored data: deflate data for a compressed file, else the datums one after another.</param>
/// <param name="Count">The number of datums the block holds.</param>
/// <param name="Offset">The absolute file offset of the block (its object count).</param>
/// <param name="DataOffset">The absolute file offset of <paramref name="Data"/>.</param>
public readonly record struct AvroStoredBlock(ReadOnlyMemory<byte> Data, long Count, long Offset, long DataOffset);
