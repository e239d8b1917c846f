using System.Collections.Concurrent;

namespace ParcelStream.Pipeline.Worker;

/// <summary>A pool of <see cref="MessageSlot"/>s; the in-flight limit bounds how many exist.</summary>
internal sealed class SlotPool
{
    private readonly ConcurrentQueue<MessageSlot> _free = new();

    public MessageSlot Rent() => _free.TryDequeue(out MessageSlot? slot) ? slot : new MessageSlot();

    public void Return(MessageSlot slot)
    {
        slot.Clear();
        _free.Enqueue(slot);
    }
}
