using ParcelStream.Codec.Container;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// A batch of manifest messages (e.g. Kafka records) handed to the replay by an <see cref="IReplayMessageSource"/>: each
/// message's value is copied into one pooled buffer with its partition and offset. Reused from batch to batch.
/// </summary>
public sealed class ReplayMessageBatch : IDisposable
{
    /// <summary>Most messages in a batch: about one container block's worth, so that the workers share the load evenly.</summary>
    public const int MaxMessages = 4096;

    /// <summary>Most value bytes in a batch before it counts as full.</summary>
    public const int MaxBytes = 4 << 20;

    private readonly PooledBufferWriter _data = new(256 * 1024);
    private readonly int[] _ends = new int[MaxMessages];
    private readonly int[] _partitions = new int[MaxMessages];
    private readonly long[] _offsets = new long[MaxMessages];

    internal ReplayMessageBatch()
    {
    }

    /// <summary>Gets the number of messages in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of value bytes in the batch.</summary>
    public int Bytes => _data.WrittenCount;

    /// <summary>Gets how many more messages the batch takes; 0 when it is full.</summary>
    public int Room => Bytes >= MaxBytes ? 0 : MaxMessages - Count;

    /// <summary>Copies one message in; call only while <see cref="Room"/> is above 0.</summary>
    /// <param name="partition">The message's partition (0 when the source has none).</param>
    /// <param name="offset">The message's offset in its partition.</param>
    /// <param name="value">The message's value: a framed manifest.</param>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    public void Add(int partition, long offset, ReadOnlySpan<byte> value)
    {
        if (Room == 0)
        {
            throw new InvalidOperationException("The batch is full; check Room before adding.");
        }

        _data.Write(value);
        _ends[Count] = _data.WrittenCount;
        _partitions[Count] = partition;
        _offsets[Count] = offset;
        Count++;
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose() => _data.Dispose();

    /// <summary>Gets the array holding every value.</summary>
    internal byte[] Data => _data.Array;

    /// <summary>Gets where message <paramref name="index"/>'s value starts in <see cref="Data"/>.</summary>
    internal int StartOf(int index) => index == 0 ? 0 : _ends[index - 1];

    /// <summary>Gets where message <paramref name="index"/>'s value ends in <see cref="Data"/>.</summary>
    internal int EndOf(int index) => _ends[index];

    /// <summary>Gets message <paramref name="index"/>'s partition.</summary>
    internal int PartitionOf(int index) => _partitions[index];

    /// <summary>Gets message <paramref name="index"/>'s offset.</summary>
    internal long OffsetOf(int index) => _offsets[index];

    /// <summary>Empties the batch.</summary>
    internal void Clear()
    {
        _data.Truncate(0);
        Count = 0;
    }
}
