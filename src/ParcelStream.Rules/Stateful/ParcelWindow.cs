namespace ParcelStream.Rules.Stateful;

/// <summary>
/// The recent parcels of one consignee, oldest first: the value of the split-shipment store. The first parcel is held
/// in the object itself (most consignees have one parcel in the window), further ones in an array.
/// </summary>
public sealed class ParcelWindow
{
    private ParcelRecord _first;
    private ParcelRecord[]? _rest;

    /// <summary>Initializes an empty window.</summary>
    /// <param name="capacity">Parcels to make room for.</param>
    public ParcelWindow(int capacity = 1)
    {
        if (capacity > 1)
        {
            _rest = new ParcelRecord[capacity - 1];
        }
    }

    /// <summary>Gets the number of parcels.</summary>
    public int Count { get; private set; }

    /// <summary>Gets a parcel by index (0 = oldest).</summary>
    /// <param name="index">The index, below <see cref="Count"/>.</param>
    public ref ParcelRecord this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ref index == 0 ? ref _first : ref _rest![index - 1];
        }
    }

    /// <summary>Appends a parcel.</summary>
    public void Add(in ParcelRecord record)
    {
        if (Count == 0)
        {
            _first = record;
            Count = 1;
            return;
        }

        _rest ??= new ParcelRecord[1];
        if (Count - 1 == _rest.Length)
        {
            Array.Resize(ref _rest, _rest.Length * 2);
        }

        _rest[Count - 1] = record;
        Count++;
    }

    /// <summary>Drops every parcel whose event time is before <paramref name="cutoffMillis"/>.</summary>
    /// <returns>The number dropped.</returns>
    public int RemoveBefore(long cutoffMillis)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (this[i].EventTimeMillis >= cutoffMillis)
            {
                if (kept != i)
                {
                    SlotAt(kept) = this[i];
                }

                kept++;
            }
        }

        int removed = Count - kept;
        for (int i = kept; i < Count; i++)
        {
            SlotAt(i) = default;
        }

        Count = kept;
        return removed;
    }

    /// <summary>Drops the oldest parcel (index 0), whatever the event times.</summary>
    /// <returns>False when the window was empty.</returns>
    public bool RemoveOldest()
    {
        if (Count == 0)
        {
            return false;
        }

        for (int i = 1; i < Count; i++)
        {
            SlotAt(i - 1) = SlotAt(i);
        }

        SlotAt(Count - 1) = default;
        Count--;
        return true;
    }

    /// <summary>Finds a parcel by manifestId.</summary>
    /// <returns>Its index, or -1.</returns>
    public int IndexOfManifest(ReadOnlySpan<byte> manifestId)
    {
        for (int i = 0; i < Count; i++)
        {
            if (manifestId.SequenceEqual(this[i].ManifestId))
            {
                return i;
            }
        }

        return -1;
    }

    private ref ParcelRecord SlotAt(int index) => ref index == 0 ? ref _first : ref _rest![index - 1];
}
