using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// The plan for the common case, a writer schema identical to the reader schema: straight-line reads in schema order,
/// no per-field dispatch. Must follow schemas/parcel-manifest.avsc field by field (tests compare it with the
/// resolving plan on random manifests).
/// </summary>
/// <remarks>
/// Each section reads the buffer directly with the position in a local, written back to the reader once. Only the
/// shapes nearly every manifest has take the fast path: varints of one or two bytes and valid UTF-8 strings. Any other
/// value (a longer varint, the end of the input, a bad length, index or byte) is handed to the
/// <see cref="AvroReader"/> at the same position, which reads it, or fails with the same error and position, exactly
/// as the per-value plan does; so results never differ between the two paths, only speed.
/// </remarks>
internal sealed class ExactSchemaAction : ReadAction
{
    public static readonly ExactSchemaAction Instance = new();

    private const int OperatorTypeSymbols = 3;
    private const int TransportModeSymbols = 4;
    private const int CategorySymbols = 6;

    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        ref FieldSlot fields = ref view.FirstSlot;
        int b = state.BaseOffset;
        return Head(ref reader, ref fields, b)
            && Party(ref reader, ref Unsafe.Add(ref fields, (int)ManifestField.ConsignorName), b)
            && Party(ref reader, ref Unsafe.Add(ref fields, (int)ManifestField.ConsigneeName), b)
            && Items(ref reader, ref fields, view, ref state)
            && Tail(ref reader, ref fields, b);
    }

    /// <summary>manifestId to destinationCountry.</summary>
    private static bool Head(ref AvroReader reader, ref FieldSlot f, int b)
    {
        ReadOnlySpan<byte> data = reader.Buffer;
        int max = reader.MaxStringBytes;
        int pos = reader.Position;
        if (!(Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.ManifestId), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TrackingNumber), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.OperatorCode), b, max)
            && Enum(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.OperatorType), OperatorTypeSymbols)
            && Long(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.CreatedAt))
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.AirWaybill), b, max)
            && Enum(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportMode), TransportModeSymbols)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportCarrierCode), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportFlightOrVoyage), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportLoadingPort), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportArrivalPort), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.DepartureCountry), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.DestinationCountry), b, max)))
        {
            return false;
        }

        reader.MoveTo(pos);
        return true;
    }

    /// <summary>One party; <paramref name="p"/> is the slot of its name, the other party fields follow it.</summary>
    private static bool Party(ref AvroReader reader, ref FieldSlot p, int b)
    {
        ReadOnlySpan<byte> data = reader.Buffer;
        int max = reader.MaxStringBytes;
        int pos = reader.Position;
        if (!(Str(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.Name), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.AddressLine1), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.AddressLine2), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.City), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.PostalCode), b, max)
            && Str(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.CountryCode), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.TaxId), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.Email), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref p, (int)PartyField.Phone), b, max)))
        {
            return false;
        }

        reader.MoveTo(pos);
        return true;
    }

    /// <summary>category, then the items array block by block.</summary>
    private static bool Items(ref AvroReader reader, ref FieldSlot f, ManifestView view, ref DecodeState state)
    {
        int b = state.BaseOffset;
        int max = reader.MaxStringBytes;
        ReadOnlySpan<byte> data = reader.Buffer;
        int pos = reader.Position;
        if (!Enum(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.Category), CategorySymbols))
        {
            return false;
        }

        reader.MoveTo(pos);
        while (true)
        {
            int blockAt = reader.Position;
            if (!reader.TryReadBlockHeader(out long count, out _))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            if (count > state.MaxItems - view.ItemCount)
            {
                reader.Rewind(blockAt);
                return reader.Fail(AvroErrorCode.TooManyItems, blockAt);
            }

            pos = reader.Position;
            for (long i = 0; i < count; i++)
            {
                // AddItem makes room for a whole line, so the line's other fields follow its first slot.
                ref FieldSlot line = ref view.ItemSlot(view.AddItem(), ItemField.Description);
                if (!(Str(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.Description), b, max)
                    && Str(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.HsCode), b, max)
                    && Int(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.Quantity))
                    && Int(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.NetWeightGrams))
                    && Long(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.ValueMinor))
                    && Str(ref reader, data, ref pos, ref Unsafe.Add(ref line, (int)ItemField.OriginCountry), b, max)))
                {
                    return false;
                }
            }

            reader.MoveTo(pos);
        }
    }

    /// <summary>currency to sellerId.</summary>
    private static bool Tail(ref AvroReader reader, ref FieldSlot f, int b)
    {
        ReadOnlySpan<byte> data = reader.Buffer;
        int max = reader.MaxStringBytes;
        int pos = reader.Position;
        if (!(Str(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.Currency), b, max)
            && Long(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.TotalValueMinor))
            && Int(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.GrossWeightGrams))
            && Int(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.Pieces))
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.IossNumber), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.MarketplaceId), b, max)
            && NullableStr(ref reader, data, ref pos, ref Unsafe.Add(ref f, (int)ManifestField.SellerId), b, max)))
        {
            return false;
        }

        reader.MoveTo(pos);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Str(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot, int b, int max)
    {
        int p = pos;
        if (TryShortVarint(data, p, out long length, out int start)
            && (ulong)length <= (ulong)(data.Length - start)
            && length <= max
            && (IsPlainUtf8(data, start, (int)length) || Utf8.IsValid(data.Slice(start, (int)length))))
        {
            slot.Offset = b + start;
            slot.Length = (int)length;
            pos = start + (int)length;
            return true;
        }

        return Resume(SlowStr(ref reader, p, ref slot, b), ref pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NullableStr(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot, int b, int max)
    {
        int p = pos;
        if ((uint)p < (uint)data.Length)
        {
            uint branch = data[p];
            if (branch == 0)
            {
                slot.Length = FieldSlot.NullLength;
                pos = p + 1;
                return true;
            }

            if (branch == 2) // zig-zag 1: the string branch
            {
                pos = p + 1;
                return Str(ref reader, data, ref pos, ref slot, b, max);
            }
        }

        return Resume(SlowNullableStr(ref reader, p, ref slot, b), ref pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Enum(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot, int symbols)
    {
        int p = pos;
        if (TryShortVarint(data, p, out long index, out int next) && (ulong)index < (ulong)symbols)
        {
            slot.Number = index;
            pos = next;
            return true;
        }

        return Resume(SlowEnum(ref reader, p, ref slot, symbols), ref pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Long(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot) =>
        Number(ref reader, data, ref pos, ref slot, isInt: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Int(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot) =>
        Number(ref reader, data, ref pos, ref slot, isInt: true);

    /// <summary>Reads an int or a long; a short varint always fits in 32 bits, so only the slow path tells them apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Number(ref AvroReader reader, ReadOnlySpan<byte> data, ref int pos, ref FieldSlot slot, bool isInt)
    {
        int p = pos;
        if (TryShortVarint(data, p, out long value, out int next))
        {
            slot.Number = value;
            pos = next;
            return true;
        }

        return Resume(isInt ? SlowInt(ref reader, p, ref slot) : SlowLong(ref reader, p, ref slot), ref pos);
    }

    /// <summary>Reads a zig-zag varint of one or two bytes (-8192 to 8191), the size of nearly every manifest number and length.</summary>
    /// <returns>False for a longer varint or the end of the input (the reader then decides).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryShortVarint(ReadOnlySpan<byte> data, int p, out long value, out int next)
    {
        if ((uint)p < (uint)data.Length)
        {
            uint raw = data[p];
            if (raw < 0x80)
            {
                next = p + 1;
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }

            if ((uint)(p + 1) < (uint)data.Length)
            {
                uint second = data[p + 1];
                if (second < 0x80)
                {
                    raw = (raw & 0x7F) | (second << 7);
                    next = p + 2;
                    value = (long)(raw >> 1) ^ -(long)(raw & 1);
                    return true;
                }
            }
        }

        value = 0;
        next = 0;
        return false;
    }

    /// <summary>Takes the position a slow read returned (negative when it failed) back into the section's local.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Resume(int next, ref int pos)
    {
        if (next < 0)
        {
            return false;
        }

        pos = next;
        return true;
    }

    /// <summary>
    /// Tells whether a string that the length checks have put inside <paramref name="data"/> is plain UTF-8: ASCII,
    /// or for up to 16 bytes, ASCII and two-byte sequences (Latin, Greek, Cyrillic letters). False means "not known to
    /// be valid": the caller then asks <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>. Reads only inside <paramref name="data"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlainUtf8(ReadOnlySpan<byte> data, int start, int length)
    {
        ref byte origin = ref MemoryMarshal.GetReference(data);
        if (length <= Vector128<byte>.Count)
        {
            // One 16-byte load around the string (from its start, else ending at its end); bits of bytes outside it are dropped.
            if (data.Length - start >= Vector128<byte>.Count)
            {
                Vector128<byte> bytes = Vector128.LoadUnsafe(ref origin, (nuint)start);
                uint inside = (1u << length) - 1;
                uint high = bytes.ExtractMostSignificantBits() & inside;
                return high == 0 || IsTwoByteUtf8(bytes, high, inside, 0);
            }

            int end = start + length;
            if (end >= Vector128<byte>.Count)
            {
                Vector128<byte> bytes = Vector128.LoadUnsafe(ref origin, (nuint)(end - Vector128<byte>.Count));
                int shift = Vector128<byte>.Count - length;
                uint high = bytes.ExtractMostSignificantBits() >> shift;
                return high == 0 || IsTwoByteUtf8(bytes, high, (1u << length) - 1, shift);
            }

            return Ascii.IsValid(data.Slice(start, length));
        }

        ref byte first = ref Unsafe.Add(ref origin, start);
        Vector128<byte> bits = Vector128.LoadUnsafe(ref first, (nuint)(length - Vector128<byte>.Count));
        for (int i = 0; i + Vector128<byte>.Count < length; i += Vector128<byte>.Count)
        {
            bits |= Vector128.LoadUnsafe(ref first, (nuint)i);
        }

        return bits.ExtractMostSignificantBits() == 0;
    }

    /// <summary>
    /// Tells whether every non-ASCII byte of the string is part of a two-byte sequence: a lead byte C2 to DF followed by
    /// one continuation byte 80 to BF (always valid UTF-8: C0 and C1 would be overlong). Masks hold one bit per string
    /// byte, after dropping <paramref name="shift"/> leading bits of the 16 loaded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTwoByteUtf8(Vector128<byte> bytes, uint high, uint inside, int shift)
    {
        uint lead = (Vector128.Equals(bytes & Vector128.Create((byte)0xE0), Vector128.Create((byte)0xC0)).ExtractMostSignificantBits() >> shift) & inside;
        uint continuation = (Vector128.Equals(bytes & Vector128.Create((byte)0xC0), Vector128.Create((byte)0x80)).ExtractMostSignificantBits() >> shift) & inside;
        uint overlong = (Vector128.LessThan(bytes, Vector128.Create((byte)0xC2)) & Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xC0))).ExtractMostSignificantBits() >> shift;
        return (lead | continuation) == high && lead << 1 == continuation && (overlong & inside) == 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowStr(ref AvroReader reader, int pos, ref FieldSlot slot, int b)
    {
        reader.MoveTo(pos);
        if (!reader.TryReadStringRange(out int offset, out int length))
        {
            return -1;
        }

        slot.Offset = b + offset;
        slot.Length = length;
        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowNullableStr(ref AvroReader reader, int pos, ref FieldSlot slot, int b)
    {
        reader.MoveTo(pos);
        if (!reader.TryReadUnionIndex(2, out int branch))
        {
            return -1;
        }

        if (branch == 0)
        {
            slot.Length = FieldSlot.NullLength;
            return reader.Position;
        }

        return SlowStr(ref reader, reader.Position, ref slot, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowEnum(ref AvroReader reader, int pos, ref FieldSlot slot, int symbols)
    {
        reader.MoveTo(pos);
        if (!reader.TryReadEnum(symbols, out int index))
        {
            return -1;
        }

        slot.Number = index;
        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowLong(ref AvroReader reader, int pos, ref FieldSlot slot)
    {
        reader.MoveTo(pos);
        if (!reader.TryReadLong(out long value))
        {
            return -1;
        }

        slot.Number = value;
        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlowInt(ref AvroReader reader, int pos, ref FieldSlot slot)
    {
        reader.MoveTo(pos);
        if (!reader.TryReadInt(out int value))
        {
            return -1;
        }

        slot.Number = value;
        return reader.Position;
    }
}
