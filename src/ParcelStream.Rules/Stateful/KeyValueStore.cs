using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// A key-value store for one partition, Kafka Streams style: every put and delete is also sent to a changelog sink
/// (a compacted topic partition in the worker), and the store can be rebuilt by replaying that changelog into
/// <see cref="Restore"/>. Keys carry the event time of their last put; keys whose last event time falls more than
/// the retention behind the stream time (the highest event time put) are expired, with a tombstone, so memory stays
/// bounded. Not thread-safe: one thread owns a store (the lane of its partition; the consumer thread while restoring).
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value; a class value may be changed in place and then put again to log it.</typeparam>
/// <typeparam name="TCodec">Serializes keys and values for the changelog.</typeparam>
public sealed class KeyValueStore<TKey, TValue, TCodec>
    where TKey : struct, IEquatable<TKey>
    where TCodec : struct, IStoreCodec<TKey, TValue>
{
    /// <summary>Bytes in front of every changelog value: the key's last event time, little-endian milliseconds.</summary>
    public const int ValuePrefix = 8;

    private readonly Dictionary<TKey, Slot> _entries = [];
    private readonly IChangelogSink? _sink;
    private readonly ArrayBufferWriter<byte> _key = new(64);
    private readonly ArrayBufferWriter<byte> _value = new(256);
    private readonly long _retentionMillis;
    private readonly long _sweepEveryMillis;
    private TCodec _codec;
    private long _lastSweep = long.MinValue;

    /// <summary>Initializes an empty store.</summary>
    /// <param name="name">The store's name (for metrics and logs).</param>
    /// <param name="partition">The partition it holds.</param>
    /// <param name="changelogTopic">The changelog topic; null for a store with no changelog (replay, tests).</param>
    /// <param name="sink">
    /// Where changes go when a call names no sink; null when each change names its own (the worker: the record that
    /// caused it, see <see cref="Put{TChanges}"/>) or when there is no changelog.
    /// </param>
    /// <param name="retention">How far behind the stream time a key's last event may be before it expires; <see cref="TimeSpan.MaxValue"/> for never.</param>
    /// <param name="codec">The codec.</param>
    public KeyValueStore(string name, int partition, string? changelogTopic, IChangelogSink? sink, TimeSpan retention, TCodec codec = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        if (sink is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(changelogTopic);
        }

        Name = name;
        Partition = partition;
        ChangelogTopic = changelogTopic;
        _sink = sink;
        _codec = codec;
        _retentionMillis = retention == TimeSpan.MaxValue ? long.MaxValue : (long)retention.TotalMilliseconds;
        // Sweeping costs one pass over the keys: do it every sixteenth of the retention (keys then live at most
        // 1/16 longer than the retention), at least every second of event time.
        _sweepEveryMillis = _retentionMillis == long.MaxValue ? long.MaxValue : Math.Max(1_000, _retentionMillis / 16);
    }

    /// <summary>Gets the store's name.</summary>
    public string Name { get; }

    /// <summary>Gets the partition the store holds.</summary>
    public int Partition { get; }

    /// <summary>Gets the changelog topic, or null.</summary>
    public string? ChangelogTopic { get; }

    /// <summary>Gets the sink given at construction (null when each change names its own, or there is no changelog).</summary>
    internal IChangelogSink? Sink => _sink;

    /// <summary>Gets the number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the stream time: the highest event time put or restored (long.MinValue before any).</summary>
    public long StreamTimeMillis { get; private set; } = long.MinValue;

    /// <summary>Gets the number of changelog records sent.</summary>
    public long ChangesLogged { get; private set; }

    /// <summary>Gets the number of keys expired.</summary>
    public long Expired { get; private set; }

    /// <summary>Gets the number of changelog records applied by <see cref="Restore"/>.</summary>
    public long Restored { get; private set; }

    /// <summary>Gets the number of changelog records <see cref="Restore"/> could not read (skipped).</summary>
    public long RestoreErrors { get; private set; }

    /// <summary>Gets the keys and values (for statistics, e.g. perf/ParcelStream.StateMemory; do not put or delete while enumerating).</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => _entries.Select(static e => new KeyValuePair<TKey, TValue>(e.Key, e.Value.Value));

    /// <summary>Gets a value.</summary>
    /// <returns>False when the key is absent (or expired).</returns>
    public bool TryGet(in TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out Slot slot))
        {
            value = slot.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Sets a value, logs it to the sink given at construction, and advances the stream time (expiring old keys when due).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="eventTimeMillis">The event time of the change (e.g. the manifest's createdAt).</param>
    public void Put(in TKey key, TValue value, long eventTimeMillis) => Put(key, value, eventTimeMillis, new ConstructedSink(_sink));

    /// <summary>
    /// Sets a value, logs it (and the tombstones of keys it expires) to <paramref name="changes"/>, and advances the
    /// stream time.
    /// </summary>
    /// <typeparam name="TChanges">The sink; a struct, so the call is direct.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="eventTimeMillis">The event time of the change (e.g. the manifest's createdAt).</param>
    /// <param name="changes">Where this call's changes go (nothing goes when the store has no changelog topic).</param>
    public void Put<TChanges>(in TKey key, TValue value, long eventTimeMillis, TChanges changes)
        where TChanges : struct, IChangelogSink
    {
        // One hash of the key for the read and the write.
        ref Slot slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out bool exists);
        long last = exists ? Math.Max(eventTimeMillis, slot.LastEventMillis) : eventTimeMillis;
        slot = new Slot(value, last);
        Log(key, value, last, tombstone: false, changes);
        Advance(eventTimeMillis, changes);
    }

    /// <summary>Deletes a key and logs a tombstone.</summary>
    /// <returns>False when the key was absent (nothing logged).</returns>
    public bool Delete(in TKey key)
    {
        if (!_entries.Remove(key, out Slot slot))
        {
            return false;
        }

        Log(key, slot.Value, 0, tombstone: true, new ConstructedSink(_sink));
        return true;
    }

    /// <summary>Applies one changelog record (nothing is logged). Used on assignment, before processing resumes.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The record value (ignored for a tombstone).</param>
    /// <param name="tombstone">True for a null value.</param>
    /// <returns>False when the record could not be read (counted in <see cref="RestoreErrors"/> and skipped).</returns>
    public bool Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        if (!_codec.TryReadKey(key, out TKey k))
        {
            RestoreErrors++;
            return false;
        }

        Restored++;
        if (tombstone)
        {
            _entries.Remove(k);
            return true;
        }

        if (value.Length < ValuePrefix || !_codec.TryReadValue(value[ValuePrefix..], out TValue? v))
        {
            RestoreErrors++;
            return false;
        }

        long last = BinaryPrimitives.ReadInt64LittleEndian(value);
        _entries[k] = new Slot(v, last);
        StreamTimeMillis = Math.Max(StreamTimeMillis, last);
        return true;
    }

    /// <summary>Expires (with tombstones) every key whose last event is more than the retention behind the stream time.</summary>
    /// <returns>The number of keys expired.</returns>
    public int ExpireNow() => ExpireNow(new ConstructedSink(_sink));

    private int ExpireNow<TChanges>(TChanges changes)
        where TChanges : struct, IChangelogSink
    {
        if (_retentionMillis == long.MaxValue || StreamTimeMillis == long.MinValue)
        {
            return 0;
        }

        _lastSweep = StreamTimeMillis;
        long cutoff = StreamTimeMillis - _retentionMillis;
        int expired = 0;
        foreach (KeyValuePair<TKey, Slot> entry in _entries)
        {
            if (entry.Value.LastEventMillis < cutoff)
            {
                // Removing the current entry while enumerating is allowed by Dictionary.
                _entries.Remove(entry.Key);
                Log(entry.Key, entry.Value.Value, 0, tombstone: true, changes);
                expired++;
            }
        }

        Expired += expired;
        return expired;
    }

    private void Advance<TChanges>(long eventTimeMillis, TChanges changes)
        where TChanges : struct, IChangelogSink
    {
        if (eventTimeMillis <= StreamTimeMillis)
        {
            return;
        }

        StreamTimeMillis = eventTimeMillis;
        if (_lastSweep == long.MinValue)
        {
            _lastSweep = eventTimeMillis;
        }
        else if (eventTimeMillis - _lastSweep >= _sweepEveryMillis)
        {
            ExpireNow(changes);
        }
    }

    private void Log<TChanges>(in TKey key, TValue value, long lastEventMillis, bool tombstone, TChanges changes)
        where TChanges : struct, IChangelogSink
    {
        if (ChangelogTopic is null)
        {
            return;
        }

        _key.ResetWrittenCount();
        _codec.WriteKey(key, _key);
        _value.ResetWrittenCount();
        if (!tombstone)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_value.GetSpan(ValuePrefix), lastEventMillis);
            _value.Advance(ValuePrefix);
            _codec.WriteValue(value, _value);
        }

        changes.Append(ChangelogTopic, Partition, _key.WrittenSpan, _value.WrittenSpan, tombstone);
        ChangesLogged++;
    }

    private readonly record struct Slot(TValue Value, long LastEventMillis);

    /// <summary>The sink given at construction, for the calls that name none.</summary>
    private readonly struct ConstructedSink(IChangelogSink? sink) : IChangelogSink
    {
        public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) =>
            (sink ?? throw new InvalidOperationException($"The store of {topic} [{partition}] was built without a sink: name one with each change.")).Append(topic, partition, key, value, tombstone);
    }
}
