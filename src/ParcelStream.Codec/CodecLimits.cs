namespace ParcelStream.Codec;

/// <summary>Bounds applied while decoding untrusted input; a value over a bound is an error, never an allocation.</summary>
public sealed record CodecLimits
{
    /// <summary>Gets the default limits.</summary>
    public static CodecLimits Default { get; } = new();

    /// <summary>Gets the maximum number of goods lines in one manifest (ICS2 allows 999 per house consignment).</summary>
    public int MaxItems { get; init; } = 999;

    /// <summary>Gets the maximum length in bytes of one string or bytes value.</summary>
    public int MaxStringBytes { get; init; } = 64 * 1024;

    /// <summary>Gets the maximum number of elements of an array or map the decoder skips over (fields unknown to the reader).</summary>
    public int MaxCollectionItems { get; init; } = 100_000;

    /// <summary>Gets the maximum nesting depth of records, arrays, maps and unions.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Gets the maximum size in bytes of one message.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>Throws when a limit is not positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative; the message names it.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxItems);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxStringBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCollectionItems);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageBytes);
    }
}
