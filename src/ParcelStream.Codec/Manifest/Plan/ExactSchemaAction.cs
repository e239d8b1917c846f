using System.Runtime.CompilerServices;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// The plan for the common case, a writer schema identical to the reader schema: straight-line reads in schema order,
/// no per-field dispatch. Must follow schemas/parcel-manifest.avsc field by field (tests compare it with the
/// resolving plan on random manifests).
/// </summary>
internal sealed class ExactSchemaAction : ReadAction
{
    public static readonly ExactSchemaAction Instance = new();

    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        int b = state.BaseOffset;
        return Str(ref reader, view, ManifestField.ManifestId, b)
            && Str(ref reader, view, ManifestField.TrackingNumber, b)
            && Str(ref reader, view, ManifestField.OperatorCode, b)
            && Enum(ref reader, view, ManifestField.OperatorType, 3)
            && Long(ref reader, view, ManifestField.CreatedAt)
            && NullableStr(ref reader, view, ManifestField.AirWaybill, b)
            && Enum(ref reader, view, ManifestField.TransportMode, 4)
            && NullableStr(ref reader, view, ManifestField.TransportCarrierCode, b)
            && NullableStr(ref reader, view, ManifestField.TransportFlightOrVoyage, b)
            && NullableStr(ref reader, view, ManifestField.TransportLoadingPort, b)
            && NullableStr(ref reader, view, ManifestField.TransportArrivalPort, b)
            && Str(ref reader, view, ManifestField.DepartureCountry, b)
            && Str(ref reader, view, ManifestField.DestinationCountry, b)
            && Party(ref reader, view, ManifestField.ConsignorName, b)
            && Party(ref reader, view, ManifestField.ConsigneeName, b)
            && Enum(ref reader, view, ManifestField.Category, 6)
            && Items(ref reader, view, ref state)
            && Str(ref reader, view, ManifestField.Currency, b)
            && Long(ref reader, view, ManifestField.TotalValueMinor)
            && Int(ref reader, view, ManifestField.GrossWeightGrams)
            && Int(ref reader, view, ManifestField.Pieces)
            && NullableStr(ref reader, view, ManifestField.IossNumber, b)
            && NullableStr(ref reader, view, ManifestField.MarketplaceId, b)
            && NullableStr(ref reader, view, ManifestField.SellerId, b);
    }

    private static bool Party(ref AvroReader reader, ManifestView view, ManifestField first, int b) =>
        Str(ref reader, view, first + (int)PartyField.Name, b)
        && Str(ref reader, view, first + (int)PartyField.AddressLine1, b)
        && NullableStr(ref reader, view, first + (int)PartyField.AddressLine2, b)
        && Str(ref reader, view, first + (int)PartyField.City, b)
        && NullableStr(ref reader, view, first + (int)PartyField.PostalCode, b)
        && Str(ref reader, view, first + (int)PartyField.CountryCode, b)
        && NullableStr(ref reader, view, first + (int)PartyField.TaxId, b)
        && NullableStr(ref reader, view, first + (int)PartyField.Email, b)
        && NullableStr(ref reader, view, first + (int)PartyField.Phone, b);

    private static bool Items(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        int b = state.BaseOffset;
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

            for (long i = 0; i < count; i++)
            {
                int item = view.AddItem();
                if (!(ItemStr(ref reader, ref view.ItemSlot(item, ItemField.Description), b)
                    && ItemStr(ref reader, ref view.ItemSlot(item, ItemField.HsCode), b)
                    && ItemInt(ref reader, ref view.ItemSlot(item, ItemField.Quantity))
                    && ItemInt(ref reader, ref view.ItemSlot(item, ItemField.NetWeightGrams))
                    && ItemLong(ref reader, ref view.ItemSlot(item, ItemField.ValueMinor))
                    && ItemStr(ref reader, ref view.ItemSlot(item, ItemField.OriginCountry), b)))
                {
                    return false;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Str(ref AvroReader reader, ManifestView view, ManifestField field, int b) =>
        ItemStr(ref reader, ref view.Slot(field), b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ItemStr(ref AvroReader reader, ref FieldSlot slot, int b)
    {
        if (!reader.TryReadStringRange(out int offset, out int length))
        {
            return false;
        }

        slot.Offset = b + offset;
        slot.Length = length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NullableStr(ref AvroReader reader, ManifestView view, ManifestField field, int b)
    {
        if (!reader.TryReadUnionIndex(2, out int branch))
        {
            return false;
        }

        ref FieldSlot slot = ref view.Slot(field);
        if (branch == 0)
        {
            slot.Length = FieldSlot.NullLength;
            return true;
        }

        return ItemStr(ref reader, ref slot, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Enum(ref AvroReader reader, ManifestView view, ManifestField field, int symbols)
    {
        if (!reader.TryReadEnum(symbols, out int index))
        {
            return false;
        }

        view.Slot(field).Number = index;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Long(ref AvroReader reader, ManifestView view, ManifestField field) => ItemLong(ref reader, ref view.Slot(field));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Int(ref AvroReader reader, ManifestView view, ManifestField field) => ItemInt(ref reader, ref view.Slot(field));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ItemLong(ref AvroReader reader, ref FieldSlot slot)
    {
        if (!reader.TryReadLong(out long value))
        {
            return false;
        }

        slot.Number = value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ItemInt(ref AvroReader reader, ref FieldSlot slot)
    {
        if (!reader.TryReadInt(out int value))
        {
            return false;
        }

        slot.Number = value;
        return true;
    }
}
