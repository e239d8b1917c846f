namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// What the worker holds between consuming a message and the broker acknowledging its records: a number of messages
/// and their bytes, each with a limit. The byte limit is what bounds memory when messages are large; a batch larger
/// than the whole byte budget is still admitted when nothing else is in flight, so one huge message cannot stall the
/// worker.
/// </summary>
internal sealed class InFlightBudget(int maxMessages, long maxBytes)
{
    private long _messages;
    private long _bytes;

    /// <summary>Gets the messages in flight.</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Gets the bytes in flight.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Gets whether <paramref name="messages"/> more messages of <paramref name="bytes"/> bytes fit now.</summary>
    public bool Fits(int messages, long bytes)
    {
        long inFlight = Messages;
        return inFlight + messages <= maxMessages && (inFlight == 0 || Bytes + bytes <= maxBytes);
    }

    /// <summary>Counts messages in (after <see cref="Fits"/>, on the one thread that admits).</summary>
    public void Admit(int messages, long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _messages, messages);
    }

    /// <summary>Counts acknowledged messages out.</summary>
    public void Release(int messages, long bytes)
    {
        Interlocked.Add(ref _messages, -messages);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
