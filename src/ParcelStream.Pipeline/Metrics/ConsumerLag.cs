using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ParcelStream.Pipeline.Metrics;

/// <summary>
/// Consumer lag per assigned partition, taken from librdkafka's statistics JSON (<c>topics.*.partitions.*.consumer_lag</c>),
/// which the consumer emits every <c>statistics.interval.ms</c>: parsing costs nothing per message. Each statistics
/// event replaces the whole snapshot, so partitions that moved away disappear.
/// </summary>
public sealed class ConsumerLag
{
    private PartitionLag[] _current = [];
    private long _updates;
    private long _parseFailures;

    /// <summary>Gets the number of statistics events parsed.</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Gets the number of statistics events that were not valid JSON (the previous snapshot was kept).</summary>
    public long ParseFailures => Interlocked.Read(ref _parseFailures);

    /// <summary>Gets the lag of every partition in the last statistics event, ordered by topic and partition.</summary>
    /// <returns>The snapshot; empty before the first event.</returns>
    public IReadOnlyList<PartitionLag> Snapshot() => Volatile.Read(ref _current);

    /// <summary>
    /// The statistics handler of a Confluent.Kafka consumer:
    /// <c>.SetStatisticsHandler((_, json) =&gt; Counters.ConsumerLag.OnStatistics(json))</c>. Never throws (an exception
    /// would surface from the consumer's Consume call).
    /// </summary>
    /// <param name="json">librdkafka's statistics JSON.</param>
    public void OnStatistics(string json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            OnStatistics(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>
    /// The statistics callback of a native consumer (<c>rd_kafka_conf_set_stats_cb</c>: the JSON and its length, on
    /// the polling thread). Never throws.
    /// </summary>
    /// <param name="utf8">librdkafka's statistics JSON.</param>
    public void OnStatistics(ReadOnlySpan<byte> utf8)
    {
        if (TryParse(utf8, out PartitionLag[] lags))
        {
            Volatile.Write(ref _current, lags);
            Interlocked.Increment(ref _updates);
        }
        else
        {
            Interlocked.Increment(ref _parseFailures);
        }
    }

    /// <summary>Reads the lag of every assigned partition from a statistics document.</summary>
    /// <param name="utf8">The statistics JSON.</param>
    /// <param name="lags">The partitions with a known lag, ordered by topic and partition.</param>
    /// <returns>False when the document is not valid JSON or not an object.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out PartitionLag[] lags)
    {
        var found = new List<PartitionLag>();
        lags = [];
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool topics = reader.ValueTextEquals("topics"u8);
                reader.Read();
                if (topics && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadTopics(ref reader, found);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        found.Sort(static (a, b) => a.Topic != b.Topic ? string.CompareOrdinal(a.Topic, b.Topic) : a.Partition.CompareTo(b.Partition));
        lags = [.. found];
        return true;
    }

    /// <summary>At the start of "topics": { "name": { ... "partitions": { ... } } }.</summary>
    private static void ReadTopics(ref Utf8JsonReader reader, List<PartitionLag> found)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string topic = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool partitions = reader.ValueTextEquals("partitions"u8);
                reader.Read();
                if (partitions && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadPartitions(ref reader, topic, found);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>At the start of "partitions": { "0": { "consumer_lag": 12, "fetch_state": "active", ... }, "-1": { ... } }.</summary>
    private static void ReadPartitions(ref Utf8JsonReader reader, string topic, List<PartitionLag> found)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool known = int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int partition);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            long lag = -1;
            bool fetching = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("consumer_lag"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
                    {
                        lag = value;
                    }
                }
                else if (reader.ValueTextEquals("fetch_state"u8))
                {
                    reader.Read();

                    // "none" and "stopped": not (or no longer) assigned to this consumer; a stale lag must not be reported.
                    fetching = !(reader.ValueTextEquals("none"u8) || reader.ValueTextEquals("stopped"u8) || reader.ValueTextEquals("stopping"u8));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Partition -1 is librdkafka's internal "unassigned" queue; a lag of -1 means unknown.
            if (known && partition >= 0 && lag >= 0 && fetching)
            {
                found.Add(new PartitionLag(topic, partition, lag));
            }
        }
    }
}
