namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// The offsets of one input partition that were consumed and not yet acknowledged, in consume order. The commit
/// watermark is the first offset not acknowledged (or one past the last consumed): an offset is committed only after
/// its decision, and every decision before it, is acknowledged by the broker.
/// </summary>
internal sealed class PartitionTracker
{
    private readonly Lock _lock = new();
    // Ring buffers whose length is a power of two, so that positions wrap with a mask.
    private long[] _offsets = new long[256];
    private bool[] _acked = new bool[256];
    private int _head;
    private int _count;
    private long _next = -1;
    private long _committed = -1;

    /// <summary>Gets the number of consumed offsets not yet acknowledged or passed by the watermark.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Records a consumed offset (offsets arrive in increasing order).</summary>
    public void Consumed(long offset)
    {
        lock (_lock)
        {
            if (_count == _offsets.Length)
            {
                Grow();
            }

            int at = (_head + _count) & (_offsets.Length - 1);
            _offsets[at] = offset;
            _acked[at] = false;
            _count++;
            _next = offset + 1;
        }
    }

    /// <summary>Marks an offset acknowledged.</summary>
    public void Acknowledged(long offset)
    {
        lock (_lock)
        {
            int index = IndexOf(offset);
            if (index >= 0)
            {
                _acked[(_head + index) & (_offsets.Length - 1)] = true;
            }

            while (_count > 0 && _acked[_head])
            {
                _head = (_head + 1) & (_offsets.Length - 1);
                _count--;
            }
        }
    }

    /// <summary>Gets the offset to commit if it moved since the last commit.</summary>
    /// <param name="offset">The next offset to consume after a restart.</param>
    /// <returns>False when nothing new is committable.</returns>
    public bool TryTakeCommit(out long offset)
    {
        lock (_lock)
        {
            offset = _count > 0 ? _offsets[_head] : _next;
            if (offset < 0 || offset == _committed)
            {
                return false;
            }

            return true;
        }
    }

    /// <summary>Records that <paramref name="offset"/> was committed.</summary>
    public void Committed(long offset)
    {
        lock (_lock)
        {
            _committed = Math.Max(_committed, offset);
        }
    }

    /// <summary>
    /// Where <paramref name="offset"/> is among the pending offsets (0 = oldest), or -1. Pending offsets increase, and
    /// usually by one, so the distance from the oldest is the usual answer; gaps (transaction markers, compaction) fall
    /// back to a binary search, and offsets that do not increase (after a seek back) to a scan. Acknowledgements come out
    /// of order (decisions of one input partition go to several output partitions, whose delivery reports arrive batch by
    /// batch), so always scanning from the oldest would cost up to the in-flight count per acknowledgement.
    /// </summary>
    private int IndexOf(long offset)
    {
        if (_count == 0)
        {
            return -1;
        }

        int mask = _offsets.Length - 1;
        long guess = offset - _offsets[_head];
        if (guess >= 0 && guess < _count && _offsets[(_head + (int)guess) & mask] == offset)
        {
            return (int)guess;
        }

        int low = 0;
        int high = _count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            long at = _offsets[(_head + middle) & mask];
            if (at == offset)
            {
                return middle;
            }

            if (at < offset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (int i = 0; i < _count; i++)
        {
            if (_offsets[(_head + i) & mask] == offset)
            {
                return i;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var offsets = new long[_offsets.Length * 2];
        var acked = new bool[_offsets.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            int at = (_head + i) % _offsets.Length;
            offsets[i] = _offsets[at];
            acked[i] = _acked[at];
        }

        _offsets = offsets;
        _acked = acked;
        _head = 0;
    }
}
