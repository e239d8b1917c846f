using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// The plan for the common case, a writer schema identical to the reader schema: straight-line reads in schema order,
/// no per-field dispatch. Must follow schemas/parcel-manifest.avsc field by field (tests and the fuzz harness compare
/// it with the resolving plan).
/// </summary>
/// <remarks>
/// The straight-line reader only ever accepts what the resolving plan accepts, and stores the same values. It keeps
/// the position in a local and checks nothing it does not have to: a value that is not of a common shape (see
/// ExactSchemaAction.Values.cs) goes to an out-of-line reader, and any value that is bad or cut short makes it give
/// up. The message is then read again from the start by <paramref name="careful"/>, the resolving plan compiled for
/// the same schema, so that errors (code and offset) and the not-enough-data answer are exactly the resolving plan's.
/// </remarks>
/// <param name="careful">The resolving plan for the identical schema, run on input the straight-line reader gives up on.</param>
internal sealed partial class ExactSchemaAction(ReadAction careful) : ReadAction
{
    private const int OperatorTypeSymbols = 3;
    private const int TransportModeSymbols = 4;
    private const int CategorySymbols = 6;

    /// <inheritdoc />
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        // Positions are read in the view's buffer, where the datum starts at BaseOffset, so that they are the offsets
        // the view stores. Short strings skip the length limit check, so a limit below their size leaves everything to
        // the careful plan; so does a buffer shorter than two of the vectors that check strings for ASCII (a near-empty
        // manifest), for the inline reads assume a whole vector between a string and the last vector of the input.
        int datum = state.BaseOffset;
        ReadOnlySpan<byte> data = view.Buffer.AsSpan(0, datum + reader.Buffer.Length);
        Debug.Assert(reader.Buffer.IsEmpty || Unsafe.AreSame(ref Unsafe.AsRef(in data[datum]), ref MemoryMarshal.GetReference(reader.Buffer)));
        if (reader.MaxStringBytes >= ShortStringMaxBytes && data.Length >= 2 * AsciiWindow)
        {
            int end = Read(data, datum + reader.Position, view, reader.MaxStringBytes, state.MaxItems);
            if (end >= 0)
            {
                reader.MoveTo(end - datum);
                return true;
            }

            view.ClearItems();
        }

        return careful.Execute(ref reader, view, ref state);
    }

    /// <summary>Reads the whole manifest from <paramref name="pos"/>.</summary>
    /// <returns>The position after it, or -1 when the careful plan must read it.</returns>
    /// <remarks>
    /// A failed read returns -1 and every later read fails at once on a negative position, so failures are checked
    /// once per goods line and at the end rather than after each value.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // its own inlining budget: every value reader below must be inlined
    private static int Read(ReadOnlySpan<byte> data, int pos, ManifestView view, int max, int maxItems)
    {
        ref FieldSlot f = ref view.FirstSlot;
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.ManifestId), max);
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TrackingNumber), max);
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.OperatorCode), max);
        pos = Enum(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.OperatorType), OperatorTypeSymbols);
        pos = Long(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.CreatedAt));
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.AirWaybill), max);
        pos = Enum(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportMode), TransportModeSymbols);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportCarrierCode), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportFlightOrVoyage), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportLoadingPort), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TransportArrivalPort), max);
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.DepartureCountry), max);
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.DestinationCountry), max);
        pos = Party(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.ConsignorName), max);
        pos = Party(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.ConsigneeName), max);
        pos = Enum(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.Category), CategorySymbols);
        pos = Items(data, pos, view, max, maxItems);
        pos = Str(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.Currency), max);
        pos = Long(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.TotalValueMinor));
        pos = Int(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.GrossWeightGrams));
        pos = Int(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.Pieces));
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.IossNumber), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.MarketplaceId), max);
        return NullableStr(data, pos, ref Unsafe.Add(ref f, (int)ManifestField.SellerId), max);
    }

    /// <summary>One party; <paramref name="p"/> is the slot of its name, the other party fields follow it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Party(ReadOnlySpan<byte> data, int pos, ref FieldSlot p, int max)
    {
        pos = Str(data, pos, ref Unsafe.Add(ref p, (int)PartyField.Name), max);
        pos = Str(data, pos, ref Unsafe.Add(ref p, (int)PartyField.AddressLine1), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref p, (int)PartyField.AddressLine2), max);
        pos = Str(data, pos, ref Unsafe.Add(ref p, (int)PartyField.City), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref p, (int)PartyField.PostalCode), max);
        pos = Str(data, pos, ref Unsafe.Add(ref p, (int)PartyField.CountryCode), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref p, (int)PartyField.TaxId), max);
        pos = NullableStr(data, pos, ref Unsafe.Add(ref p, (int)PartyField.Email), max);
        return NullableStr(data, pos, ref Unsafe.Add(ref p, (int)PartyField.Phone), max);
    }

    /// <summary>The items array, block by block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Items(ReadOnlySpan<byte> data, int pos, ManifestView view, int max, int maxItems)
    {
        while (true)
        {
            pos = BlockCount(data, pos, out int count);
            if (count <= 0)
            {
                // The end of the array, or a failed read (pos is then negative).
                return pos;
            }

            if (count > maxItems - view.ItemCount)
            {
                return -1;
            }

            do
            {
                // AddItem makes room for a whole line, so the line's other fields follow its first slot.
                ref FieldSlot line = ref view.ItemSlot(view.AddItem(), ItemField.Description);
                pos = Str(data, pos, ref Unsafe.Add(ref line, (int)ItemField.Description), max);
                pos = Str(data, pos, ref Unsafe.Add(ref line, (int)ItemField.HsCode), max);
                pos = Int(data, pos, ref Unsafe.Add(ref line, (int)ItemField.Quantity));
                pos = Int(data, pos, ref Unsafe.Add(ref line, (int)ItemField.NetWeightGrams));
                pos = Long(data, pos, ref Unsafe.Add(ref line, (int)ItemField.ValueMinor));
                pos = Str(data, pos, ref Unsafe.Add(ref line, (int)ItemField.OriginCountry), max);
                if (pos < 0)
                {
                    return pos;
                }
            }
            while (--count > 0);
        }
    }
}
