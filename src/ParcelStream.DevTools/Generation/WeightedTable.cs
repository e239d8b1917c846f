namespace ParcelStream.DevTools.Generation;

/// <summary>Picks items with fixed relative weights (cumulative table, binary search).</summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedTable(params (T Item, double Weight)[] entries)
    {
        _items = new T[entries.Length];
        _cumulative = new double[entries.Length];
        double total = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            total += entries[i].Weight;
            _items[i] = entries[i].Item;
            _cumulative[i] = total;
        }

        Total = total;
    }

    public double Total { get; }

    public IReadOnlyList<T> Items => _items;

    public T Pick(DeterministicRandom random)
    {
        double x = random.NextDouble() * Total;
        int i = Array.BinarySearch(_cumulative, x);
        i = i < 0 ? ~i : i + 1;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
