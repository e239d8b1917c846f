namespace ParcelStream.Rules.Stateful;

/// <summary>
/// Where a store sends its changes: in the worker, a record on the store's compacted changelog topic partition,
/// produced with the input record that caused it (so its offset is committed only once the change is on the broker).
/// </summary>
public interface IChangelogSink
{
    /// <summary>Sends one change.</summary>
    /// <param name="topic">The changelog topic.</param>
    /// <param name="partition">The partition (the store's partition).</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The record value; ignored for a tombstone.</param>
    /// <param name="tombstone">True when the key was deleted (a null value on the topic).</param>
    void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone);
}
