namespace ParcelStream.Rules.Stateful;

/// <summary>The recent parcels of one consignee, oldest first: the value of the split-shipment store.</summary>
public sealed class ParcelWindow
{
    private ParcelRecord[] _items;

    /// <summary>Initializes an empty window.</summary>
    /// <param name="capacity">Initial capacity.</param>
    public ParcelWindow(int capacity = 1) => _items = new ParcelRecord[Math.Max(1, capacity)];

    /// <summary>Gets the number of parcels.</summary>
    public int Count { get; private set; }

    /// <summary>Gets a parcel by index (0 = oldest).</summary>
    /// <param name="index">The index.</param>
    public ref ParcelRecord this[int index] => ref _items[index];

    /// <summary>Appends a parcel.</summary>
    public void Add(in ParcelRecord record)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = record;
    }

    /// <summary>Drops every parcel whose event time is before <paramref name="cutoffMillis"/>.</summary>
    /// <returns>The number dropped.</returns>
    public int RemoveBefore(long cutoffMillis)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            if (_items[i].EventTimeMillis >= cutoffMillis)
            {
                _items[kept++] = _items[i];
            }
        }

        int removed = Count - kept;
        Array.Clear(_items, kept, removed);
        Count = kept;
        return removed;
    }

    /// <summary>Finds a parcel by manifestId.</summary>
    /// <returns>Its index, or -1.</returns>
    public int IndexOfManifest(ReadOnlySpan<byte> manifestId)
    {
        for (int i = 0; i < Count; i++)
        {
            if (manifestId.SequenceEqual(_items[i].ManifestId))
            {
                return i;
            }
        }

        return -1;
    }
}
