using System.Runtime.CompilerServices;

namespace ParcelStream.Codec;

/// <summary>A decoding error: what went wrong and the byte offset (from the start of the input) where it was found.</summary>
/// <param name="Code">The reason; <see cref="AvroErrorCode.None"/> for success.</param>
/// <param name="Offset">Byte offset in the input at which the bad value starts.</param>
public readonly record struct AvroError(AvroErrorCode Code, long Offset)
{
    /// <summary>Gets a value indicating whether this is an error (Code is not None).</summary>
    public bool IsError
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Code != AvroErrorCode.None;
    }

    /// <summary>Gets the success value.</summary>
    public static AvroError None => default;

    /// <inheritdoc />
    public override string ToString() => IsError ? $"{Code} at byte {Offset}" : "None";
}
