using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// The value readers of the straight-line plan. Each takes the position and returns the next one, or -1 when the
/// careful plan must read the message; a negative position fails every reader at once.
/// </summary>
/// <remarks>
/// Inline, only the shapes nearly every manifest value has: numbers of one or two bytes, and strings of up to 63
/// ASCII bytes (a one-byte length) with a vector's width of input after their length. Anything else goes to an
/// out-of-line reader that handles every valid value through <see cref="AvroReader"/>'s rules; so the inline paths
/// change only speed, never what is accepted.
/// </remarks>
internal sealed partial class ExactSchemaAction
{
    /// <summary>The longest string with a one-byte length; the inline path relies on the length limit being at least this.</summary>
    private const int ShortStringMaxBytes = 63;

    /// <summary>The longest varint of a long.</summary>
    private const int MaxVarintBytes = 10;

    /// <summary>Gets the bytes one vector load checks for ASCII: the inline path needs this many after a string's length.</summary>
    private static int AsciiWindow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated ? Vector512<byte>.Count : Vector256.IsHardwareAccelerated ? Vector256<byte>.Count : Vector128<byte>.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Str(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int max) => StrAt(data, pos, 0, ref slot, max);

    /// <summary>Reads the string whose length byte is at <paramref name="pos"/> + <paramref name="skip"/> (0, or 1 after a union branch).</summary>
    /// <remarks>
    /// The position is a chain of dependent loads through the message, so its steps are kept short: the length byte
    /// is addressed from the origin (the union branch byte folded into the address), and the next position is one add
    /// after the load.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StrAt(ReadOnlySpan<byte> data, int pos, int skip, ref FieldSlot slot, int max)
    {
        // A whole vector after the length byte (so never a negative position): a one-byte length fits, and one load
        // from the string's start checks it for ASCII. Within a vector of the end, StrNearEnd.
        if ((uint)pos < (uint)(data.Length - AsciiWindow - skip))
        {
            ref byte origin = ref MemoryMarshal.GetReference(data);
            uint raw = Unsafe.Add(ref origin, (nuint)(uint)pos + (nuint)skip);
            int start = pos + skip + 1;

            // An even byte below 0x80 is a whole varint holding a length of 0 to 63 (odd would be negative).
            if ((raw & 0x81) == 0 && (AsciiWindow >= 64 || raw <= 2 * (uint)AsciiWindow))
            {
                uint length = raw >> 1;
                return StoreChecked(ref Unsafe.Add(ref origin, (nuint)(uint)start), start, length, start + (int)length, ref slot);
            }

            return SlowStr(data, pos + skip, ref slot, max);
        }

        return StrNearEnd(data, pos + skip, ref slot, max);
    }

    /// <summary>Stores a string that lies in the input with a vector after its start, and checks it is ASCII, else UTF-8.</summary>
    /// <returns><paramref name="next"/>, or -1 when the string is not UTF-8.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StoreChecked(ref byte first, int start, uint length, int next, ref FieldSlot slot)
    {
        // Stored before the UTF-8 check: when that fails, the careful plan reads the message again. Nothing but the
        // result follows the call, so that the position needs no saving across it.
        slot.Offset = start;
        slot.Length = (int)length;
        return ZeroHighBits(HighBits(ref first), length) == 0 ? next : Utf8End(ref first, 0, (int)length, next);
    }

    /// <summary><see cref="Str"/> for a string whose length byte is within a vector of the end of the input.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int StrNearEnd(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int max)
    {
        if ((uint)pos < (uint)data.Length)
        {
            ref byte origin = ref MemoryMarshal.GetReference(data);
            uint raw = Unsafe.Add(ref origin, (nuint)(uint)pos);
            int start = pos + 1;
            int length = (int)(raw >> 1);
            int next = start + length;
            if ((raw & 0x81) == 0 && next <= data.Length)
            {
                // The input's last vector (Read has checked there is one); bits of bytes before the string are shifted out.
                int window = data.Length - AsciiWindow;
                slot.Offset = start;
                slot.Length = length;
                return ZeroHighBits(HighBits(ref Unsafe.Add(ref origin, (nuint)(uint)window)) >> (start - window), (uint)length) == 0
                    ? next
                    : Utf8End(ref Unsafe.Add(ref origin, (nuint)(uint)window), start - window, length, next);
            }
        }

        return SlowStr(data, pos, ref slot, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NullableStr(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int max)
    {
        if ((uint)pos < (uint)data.Length)
        {
            uint branch = Unsafe.Add(ref MemoryMarshal.GetReference(data), (nuint)(uint)pos);
            if (branch == 0)
            {
                slot.Length = FieldSlot.NullLength;
                return pos + 1;
            }

            if (branch == 2)
            {
                // zig-zag 1: the string branch.
                return StrAt(data, pos, 1, ref slot, max);
            }
        }

        return SlowNullableStr(data, pos, ref slot, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Enum(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int symbols)
    {
        if ((uint)pos < (uint)data.Length)
        {
            // A symbol index below 64 is one even byte.
            uint raw = Unsafe.Add(ref MemoryMarshal.GetReference(data), (nuint)(uint)pos);
            if ((raw & 1) == 0 && raw < 2 * (uint)symbols)
            {
                slot.Number = raw >> 1;
                return pos + 1;
            }
        }

        return SlowEnum(data, pos, ref slot, symbols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Long(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot) => Number(data, pos, ref slot, isInt: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Int(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot) => Number(data, pos, ref slot, isInt: true);

    /// <summary>Reads an int or a long; a varint of one or two bytes fits in 32 bits, so only the out-of-line path tells them apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Number(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, bool isInt)
    {
        int next = ShortVarint(data, pos, out long value);
        if (next > 0)
        {
            slot.Number = value;
            return next;
        }

        return isInt ? SlowInt(data, pos, ref slot) : SlowLong(data, pos, ref slot);
    }

    /// <summary>Reads an array block count of one byte (0 to 63 items).</summary>
    /// <returns>The next position, or -1 with a count of 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BlockCount(ReadOnlySpan<byte> data, int pos, out int count)
    {
        if ((uint)pos < (uint)data.Length)
        {
            uint raw = Unsafe.Add(ref MemoryMarshal.GetReference(data), (nuint)(uint)pos);
            if ((raw & 0x81) == 0)
            {
                count = (int)(raw >> 1);
                return pos + 1;
            }
        }

        return SlowBlockCount(data, pos, out count);
    }

    /// <summary>Reads a zig-zag varint of one or two bytes (-8192 to 8191), the size of nearly every manifest number.</summary>
    /// <returns>The next position, or 0 for a longer varint, the end of the input or a negative position.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortVarint(ReadOnlySpan<byte> data, int pos, out long value)
    {
        // Two bytes must be there even for a one-byte varint: only the last value of a message can miss that, and it is a string.
        if ((ulong)(uint)pos + 1 < (ulong)(uint)data.Length)
        {
            ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), (nuint)(uint)pos);
            uint raw = at;
            if (raw < 0x80)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return pos + 1;
            }

            uint second = Unsafe.Add(ref at, 1);
            if (second < 0x80)
            {
                raw = (raw & 0x7F) | (second << 7);
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return pos + 2;
            }
        }

        value = 0;
        return 0;
    }

    /// <summary>Gets the high bit of each byte of one vector loaded from <paramref name="start"/>, which the caller has checked lies in the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HighBits(ref byte start) =>
        Vector512.IsHardwareAccelerated ? Vector512.LoadUnsafe(ref start).ExtractMostSignificantBits()
        : Vector256.IsHardwareAccelerated ? Vector256.LoadUnsafe(ref start).ExtractMostSignificantBits()
        : Vector128.LoadUnsafe(ref start).ExtractMostSignificantBits();

    /// <summary>Keeps the low <paramref name="count"/> (0 to 63) bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZeroHighBits(ulong bits, uint count) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.ZeroHighBits(bits, count) : bits & ((1UL << (int)count) - 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowStr(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int max)
    {
        // AvroReader.TryReadStringRange's rules.
        if (!ReaderAt(data, pos, max, out AvroReader reader) || !reader.TryReadLong(out long length))
        {
            return -1;
        }

        int start = reader.Position;
        if ((ulong)length > (ulong)(data.Length - start) || length > max || !Utf8.IsValid(data.Slice(start, (int)length)))
        {
            return -1;
        }

        slot.Offset = start;
        slot.Length = (int)length;
        return start + (int)length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowNullableStr(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int max)
    {
        if (!ReaderAt(data, pos, max, out AvroReader reader) || !reader.TryReadUnionIndex(2, out int branch))
        {
            return -1;
        }

        if (branch == 0)
        {
            slot.Length = FieldSlot.NullLength;
            return reader.Position;
        }

        return SlowStr(data, reader.Position, ref slot, max);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowEnum(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot, int symbols)
    {
        if (!ReaderAt(data, pos, int.MaxValue, out AvroReader reader) || !reader.TryReadEnum(symbols, out int index))
        {
            return -1;
        }

        slot.Number = index;
        return reader.Position;
    }

    /// <summary>Reads a long of any length, as <see cref="AvroReader.TryReadLong"/> does (at most 10 bytes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowLong(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot)
    {
        if (pos < 0)
        {
            return -1;
        }

        // A loop rather than the reader: the position it returns depends on predicted branches, not on loaded bytes.
        ulong result = 0;
        int end = Math.Min(data.Length, pos + MaxVarintBytes);
        for (int i = pos, shift = 0; i < end; i++, shift += 7)
        {
            uint raw = data[i];
            result |= (ulong)(raw & 0x7F) << shift;
            if (raw < 0x80)
            {
                slot.Number = (long)(result >> 1) ^ -(long)(result & 1);
                return i + 1;
            }
        }

        // Cut short, or longer than 10 bytes.
        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowInt(ReadOnlySpan<byte> data, int pos, ref FieldSlot slot)
    {
        if (!ReaderAt(data, pos, int.MaxValue, out AvroReader reader) || !reader.TryReadInt(out int value))
        {
            return -1;
        }

        slot.Number = value;
        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowBlockCount(ReadOnlySpan<byte> data, int pos, out int count)
    {
        // A negative count comes with the block's byte size, which the reader reads and checks.
        count = 0;
        if (!ReaderAt(data, pos, int.MaxValue, out AvroReader reader) || !reader.TryReadBlockHeader(out long blockCount, out _) || blockCount > int.MaxValue)
        {
            return -1;
        }

        count = (int)blockCount;
        return reader.Position;
    }

    /// <summary>Gets a reader at <paramref name="pos"/>, for the out-of-line paths.</summary>
    /// <returns>False for a negative position: an earlier read failed.</returns>
    private static bool ReaderAt(ReadOnlySpan<byte> data, int pos, int max, out AvroReader reader)
    {
        reader = new AvroReader(data, max);
        if (pos < 0)
        {
            return false;
        }

        reader.MoveTo(pos);
        return true;
    }

    /// <summary>
    /// Checks that the <paramref name="length"/> bytes at <paramref name="offset"/> in the vector loaded from
    /// <paramref name="window"/> (the one <see cref="Str"/> found non-ASCII bytes in) are valid UTF-8. The cheap test
    /// first: every non-ASCII byte is part of a two-byte sequence, a lead byte C2 to DF followed by one continuation
    /// byte 80 to BF (Latin, Greek, Cyrillic letters; C0 and C1 would be overlong); else the full check.
    /// </summary>
    /// <returns><paramref name="next"/> when they are, else -1.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Utf8End(ref byte window, int offset, int length, int next)
    {
        ulong high, lead, continuation, overlong;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<byte> bytes = Vector512.LoadUnsafe(ref window);
            high = bytes.ExtractMostSignificantBits();
            lead = Vector512.Equals(bytes & Vector512.Create((byte)0xE0), Vector512.Create((byte)0xC0)).ExtractMostSignificantBits();
            continuation = Vector512.Equals(bytes & Vector512.Create((byte)0xC0), Vector512.Create((byte)0x80)).ExtractMostSignificantBits();
            overlong = Vector512.Equals(bytes & Vector512.Create((byte)0xFE), Vector512.Create((byte)0xC0)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> bytes = Vector256.LoadUnsafe(ref window);
            high = bytes.ExtractMostSignificantBits();
            lead = Vector256.Equals(bytes & Vector256.Create((byte)0xE0), Vector256.Create((byte)0xC0)).ExtractMostSignificantBits();
            continuation = Vector256.Equals(bytes & Vector256.Create((byte)0xC0), Vector256.Create((byte)0x80)).ExtractMostSignificantBits();
            overlong = Vector256.Equals(bytes & Vector256.Create((byte)0xFE), Vector256.Create((byte)0xC0)).ExtractMostSignificantBits();
        }
        else
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref window);
            high = bytes.ExtractMostSignificantBits();
            lead = Vector128.Equals(bytes & Vector128.Create((byte)0xE0), Vector128.Create((byte)0xC0)).ExtractMostSignificantBits();
            continuation = Vector128.Equals(bytes & Vector128.Create((byte)0xC0), Vector128.Create((byte)0x80)).ExtractMostSignificantBits();
            overlong = Vector128.Equals(bytes & Vector128.Create((byte)0xFE), Vector128.Create((byte)0xC0)).ExtractMostSignificantBits();
        }

        // One bit per byte of the string; a lead byte in its last position has no continuation inside it.
        uint count = (uint)length;
        high = ZeroHighBits(high >> offset, count);
        lead = ZeroHighBits(lead >> offset, count);
        continuation = ZeroHighBits(continuation >> offset, count);
        overlong = ZeroHighBits(overlong >> offset, count);
        return (lead | continuation) == high && lead << 1 == continuation && overlong == 0 ? next : Utf8EndSlow(ref Unsafe.Add(ref window, offset), length, next);
    }

    /// <summary>The full UTF-8 check of <see cref="Utf8End"/>, apart so that the cheap test needs no stack frame.</summary>
    /// <returns><paramref name="next"/> when the bytes are valid UTF-8, else -1.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Utf8EndSlow(ref byte first, int length, int next) =>
        Utf8.IsValid(MemoryMarshal.CreateReadOnlySpan(ref first, length)) ? next : -1;
}
