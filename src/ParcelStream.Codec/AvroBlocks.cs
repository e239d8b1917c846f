namespace ParcelStream.Codec;

/// <summary>Reading the blocks of an Avro array with a cap on the items in all (never trusting a count read from the wire).</summary>
public static class AvroBlocks
{
    /// <summary>Reads the next block header of an array.</summary>
    /// <param name="r">The reader.</param>
    /// <param name="total">Items so far in this array; the block's count is added.</param>
    /// <param name="maxItems">Most items the array may hold.</param>
    /// <param name="count">Items in the block; 0 at the end of the array.</param>
    /// <returns>False when the bytes end or are corrupt, or the array exceeds <paramref name="maxItems"/> (<see cref="AvroErrorCode.TooManyItems"/>).</returns>
    public static bool TryNext(ref AvroReader r, ref long total, int maxItems, out long count)
    {
        int at = r.Position;
        if (!r.TryReadBlockHeader(out count, out _))
        {
            return false;
        }

        total += count;
        return total <= maxItems || r.Fail(AvroErrorCode.TooManyItems, at);
    }

    /// <summary>Reads an array of strings into <paramref name="items"/> (for small arrays of records that are not on a hot path).</summary>
    /// <param name="r">The reader.</param>
    /// <param name="maxItems">Most items the array may hold.</param>
    /// <param name="items">Receives the strings, in order.</param>
    /// <returns>False when the bytes end or are corrupt, or the array is too long.</returns>
    public static bool TryReadStrings(ref AvroReader r, int maxItems, ICollection<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        long total = 0;
        while (true)
        {
            if (!TryNext(ref r, ref total, maxItems, out long count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            for (long i = 0; i < count; i++)
            {
                if (!r.TryReadString(out ReadOnlySpan<byte> text))
                {
                    return false;
                }

                items.Add(System.Text.Encoding.UTF8.GetString(text));
            }
        }
    }
}
