using System.Collections.Concurrent;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// A pool of <see cref="MessageSlot"/>s; the in-flight limit bounds how many exist. Every slot has a number, so that a
/// native delivery report can name its slot without a GC handle per message.
/// </summary>
internal sealed class SlotPool
{
    private readonly ConcurrentQueue<MessageSlot> _free = new();
    private readonly Lock _growLock = new();
    private MessageSlot[] _all = new MessageSlot[1024];
    private int _count;

    public MessageSlot Rent() => _free.TryDequeue(out MessageSlot? slot) ? slot : Create();

    public void Return(MessageSlot slot)
    {
        slot.Clear();
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
