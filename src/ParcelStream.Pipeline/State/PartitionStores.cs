using System.Collections.Concurrent;
using System.Diagnostics;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// The stores of one kind for the partitions this member owns, each backed by the partition of the same number of a
/// compacted changelog topic. <see cref="OnAssigned"/> creates and restores them (reading the changelog from the
/// beginning to its end offset) and returns only then, so processing of those partitions resumes on complete state;
/// <see cref="OnRevoked"/> drops them (after the caller flushed their changes). Called on the consumer thread.
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
/// <typeparam name="TCodec">The changelog codec.</typeparam>
public sealed class PartitionStores<TKey, TValue, TCodec>
    where TKey : struct, IEquatable<TKey>
    where TCodec : struct, IStoreCodec<TKey, TValue>
{
    private readonly ConcurrentDictionary<int, KeyValueStore<TKey, TValue, TCodec>> _stores = new();
    private readonly string _bootstrapServers;
    private readonly IReadOnlyDictionary<string, string> _kafkaSettings;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _restoreTimeout;

    /// <summary>Initializes an empty set of stores.</summary>
    /// <param name="storeName">The store's name.</param>
    /// <param name="changelogTopic">Its compacted changelog topic (see <see cref="StateTopics.Changelog"/>).</param>
    /// <param name="bootstrapServers">The cluster, for restoring.</param>
    /// <param name="kafkaSettings">Pass-through librdkafka settings, for restoring.</param>
    /// <param name="retention">Event-time retention of keys (<see cref="TimeSpan.MaxValue"/> for none).</param>
    /// <param name="restoreTimeout">Most time a restore may take.</param>
    public PartitionStores(string storeName, string changelogTopic, string bootstrapServers, IReadOnlyDictionary<string, string> kafkaSettings, TimeSpan retention, TimeSpan restoreTimeout)
    {
        StoreName = storeName;
        ChangelogTopic = changelogTopic;
        _bootstrapServers = bootstrapServers;
        _kafkaSettings = kafkaSettings;
        _retention = retention;
        _restoreTimeout = restoreTimeout;
        Statistics = new StoreStatistics
        {
            StoreName = storeName,
            ChangelogTopic = changelogTopic,
            Keys = () => _stores.Values.Sum(s => (long)s.Count),
            Partitions = () => _stores.Count,
        };
    }

    /// <summary>Gets the store name.</summary>
    public string StoreName { get; }

    /// <summary>Gets the changelog topic.</summary>
    public string ChangelogTopic { get; }

    /// <summary>Gets the statistics (metrics, readiness).</summary>
    public StoreStatistics Statistics { get; }

    /// <summary>Gets the store of a partition this member owns.</summary>
    /// <returns>False when the partition is not assigned here.</returns>
    public bool TryGet(int partition, out KeyValueStore<TKey, TValue, TCodec> store) => _stores.TryGetValue(partition, out store!);

    /// <summary>
    /// Creates and restores the stores of newly assigned partitions; returns when they are complete. Each store logs to
    /// its changelog partition through the sink named with each change (the record that caused it).
    /// </summary>
    /// <param name="partitions">The partitions.</param>
    /// <returns>The number of changelog records applied.</returns>
    /// <exception cref="TimeoutException">The restore did not finish in time.</exception>
    public long OnAssigned(IReadOnlyCollection<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (partitions.Count == 0)
        {
            return 0;
        }

        Statistics.OnRestoreStarted();
        long started = Stopwatch.GetTimestamp();
        long applied = 0;
        try
        {
            var fresh = new Dictionary<int, KeyValueStore<TKey, TValue, TCodec>>();
            foreach (int partition in partitions)
            {
                fresh[partition] = new KeyValueStore<TKey, TValue, TCodec>(StoreName, partition, ChangelogTopic, null, _retention);
            }

            applied = ChangelogRestorer.Restore(_bootstrapServers, _kafkaSettings, ChangelogTopic, partitions, (p, key, value) => fresh[p].Restore(key, value, value is null), _restoreTimeout);
            foreach ((int partition, KeyValueStore<TKey, TValue, TCodec> store) in fresh)
            {
                _stores[partition] = store;
            }

            return applied;
        }
        finally
        {
            Statistics.OnRestoreFinished(applied, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Drops the stores of partitions that moved away (revoked after their changes were flushed, or lost).</summary>
    /// <param name="partitions">The partitions.</param>
    public void OnRevoked(IEnumerable<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (int partition in partitions)
        {
            _stores.TryRemove(partition, out _);
        }
    }
}
