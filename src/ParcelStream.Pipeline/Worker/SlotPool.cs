using System.Collections.Concurrent;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// A pool of <see cref="MessageSlot"/>s; the in-flight limit bounds how many exist. Every slot has a number, so that a
/// native delivery report can name its slot without a GC handle per message. The buffers the slots keep between
/// messages are bounded in bytes too: a slot returned while the pool holds more than its budget gives its grown
/// buffers back, so thousands of slots that each once held a large manifest do not keep them all.
/// </summary>
/// <param name="retainedBytes">The most buffer bytes all slots keep between messages (the worker's in-flight byte budget).</param>
internal sealed class SlotPool(long retainedBytes = SlotPool.DefaultRetainedBytes)
{
    /// <summary>The default retained-bytes budget: the default of <see cref="WorkerOptions.MaxInFlightBytes"/>.</summary>
    public const long DefaultRetainedBytes = 64L * 1024 * 1024;

    private readonly ConcurrentQueue<MessageSlot> _free = new();
    private readonly Lock _growLock = new();
    private MessageSlot[] _all = new MessageSlot[1024];
    private int _count;
    private long _retained;

    /// <summary>Gets the buffer bytes the slots keep, as counted when they were last returned.</summary>
    public long RetainedBytes => Volatile.Read(ref _retained);

    public MessageSlot Rent() => _free.TryDequeue(out MessageSlot? slot) ? slot : Create();

    public void Return(MessageSlot slot)
    {
        slot.Clear();
        long capacity = slot.Capacity;

        // Slots of small messages keep their buffers: nothing changes, no interlocked write.
        long grown = capacity - slot.CountedCapacity;
        if (grown != 0 && Interlocked.Add(ref _retained, grown) > retainedBytes)
        {
            slot.ShrinkToInitial();
            long shrunk = slot.Capacity;
            Interlocked.Add(ref _retained, shrunk - capacity);
            capacity = shrunk;
        }

        slot.CountedCapacity = capacity;
        _free.Enqueue(slot);
    }

    /// <summary>Gets the slot with the given number.</summary>
    public MessageSlot Get(int id) => Volatile.Read(ref _all)[id];

    private MessageSlot Create()
    {
        lock (_growLock)
        {
            if (_count == _all.Length)
            {
                MessageSlot[] bigger = new MessageSlot[_all.Length * 2];
                _all.CopyTo(bigger, 0);
                Volatile.Write(ref _all, bigger);
            }

            var slot = new MessageSlot { Id = _count };
            _all[_count++] = slot;
            return slot;
        }
    }
}
