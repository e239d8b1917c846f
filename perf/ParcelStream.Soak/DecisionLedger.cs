using System.Buffers.Text;
using System.Collections.Concurrent;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Soak;

/// <summary>
/// Reads every decision topic and the dead-letter topic from the beginning while the soak runs, and keeps, for each
/// input record (partition, offset), what became of it: a decision (outcome and reasons, hashed) or a dead-letter record
/// (its error code), and how many times. A record seen twice with a different result is a non-identical duplicate.
/// </summary>
internal sealed class DecisionLedger : IDisposable
{
    private const string ErrorCodeHeader = "parcelstream.error.code";
    private const string SourcePartitionHeader = "parcelstream.source.partition";
    private const string SourceOffsetHeader = "parcelstream.source.offset";

    private readonly Dictionary<long, Entry> _entries = new(4_000_000);
    private readonly ConcurrentDictionary<string, int> _deadLetterCodes = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly List<long> _timestamps = new(4_000_000);
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _deadLetterTopic;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<TopicPartition, long> _nextOffset = [];
    private long _records;
    private long _gaps;
    private long _nonIdentical;
    private long _duplicates;
    private long _undecodableDecisions;
    private long _unattributed;
    private string? _firstNonIdentical;

    public DecisionLedger(string bootstrap, IReadOnlyList<string> decisionTopics, string deadLetterTopic, int partitions)
    {
        _deadLetterTopic = deadLetterTopic;
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "parcelstream-soak-ledger",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
            // The dead-letter topic holds the oversized records' copies.
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 4 * 1024 * 1024,
        };
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var assignment = new List<TopicPartitionOffset>();
        foreach (string topic in decisionTopics.Append(deadLetterTopic))
        {
            for (int p = 0; p < partitions; p++)
            {
                assignment.Add(new TopicPartitionOffset(topic, p, Offset.Beginning));
            }
        }

        _consumer.Assign(assignment);
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger" };
        _thread.Start();
    }

    /// <summary>Gets how many records were read.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Gets how many times a topic's offsets jumped (records the mock broker dropped before they were read).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Gets how many input records were seen again with another result.</summary>
    public long NonIdenticalDuplicates => Interlocked.Read(ref _nonIdentical);

    /// <summary>Gets how many input records were seen again with the same result.</summary>
    public long IdenticalDuplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Gets the first non-identical duplicate, described.</summary>
    public string? FirstNonIdentical => _firstNonIdentical;

    /// <summary>Gets decision records that did not decode, and records without a source (neither can be attributed).</summary>
    public long Unattributed => Interlocked.Read(ref _unattributed) + Interlocked.Read(ref _undecodableDecisions);

    /// <summary>Gets the dead-letter records by error code.</summary>
    public IReadOnlyDictionary<string, int> DeadLetterCodes => _deadLetterCodes;

    /// <summary>Gets the decisions by outcome.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    /// <summary>Gets whether the input record was decided or dead-lettered, and how.</summary>
    public bool TryGet(int partition, long offset, out Entry entry)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(Key(partition, offset), out entry);
        }
    }

    /// <summary>Gets the earliest timestamp (Unix ms) of a record written at or after <paramref name="unixMillis"/>, or -1.</summary>
    public long FirstTimestampFrom(long unixMillis)
    {
        long first = -1;
        lock (_timestamps)
        {
            foreach (long ms in _timestamps)
            {
                if (ms >= unixMillis && (first < 0 || ms < first))
                {
                    first = ms;
                }
            }
        }

        return first;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private static long Key(int partition, long offset) => ((long)partition << 40) | offset;

    private void Run()
    {
        var decision = new CustomsDecision();
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = _consumer.Consume(100);
            }
            catch (ConsumeException)
            {
                continue;
            }

            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            Interlocked.Increment(ref _records);
            CheckContiguous(result.TopicPartition, result.Offset.Value);
            lock (_timestamps)
            {
                _timestamps.Add(result.Message.Timestamp.UnixTimestampMs);
            }

            if (result.Topic == _deadLetterTopic)
            {
                OnDeadLetter(result.Message);
            }
            else
            {
                OnDecision(result.Message.Value, decision);
            }
        }
    }

    private void CheckContiguous(TopicPartition partition, long offset)
    {
        long expected = _nextOffset.TryGetValue(partition, out long next) ? next : 0;
        if (offset != expected)
        {
            Interlocked.Increment(ref _gaps);
        }

        _nextOffset[partition] = offset + 1;
    }

    private void OnDeadLetter(Message<byte[], byte[]> message)
    {
        string code = "(none)";
        int partition = -1;
        long offset = -1;
        foreach (IHeader header in message.Headers ?? [])
        {
            switch (header.Key)
            {
                case ErrorCodeHeader:
                    code = System.Text.Encoding.UTF8.GetString(header.GetValueBytes());
                    break;
                case SourcePartitionHeader:
                    _ = Utf8Parser.TryParse(header.GetValueBytes(), out partition, out _);
                    break;
                case SourceOffsetHeader:
                    _ = Utf8Parser.TryParse(header.GetValueBytes(), out offset, out _);
                    break;
                default:
                    break;
            }
        }

        _deadLetterCodes.AddOrUpdate(code, 1, (_, n) => n + 1);
        Record(partition, offset, HashCode.Combine("dlq", code), isDeadLetter: true, $"DLQ {code}");
    }

    private void OnDecision(byte[] value, CustomsDecision decision)
    {
        if (DecisionReader.Read(value, decision).IsError)
        {
            Interlocked.Increment(ref _undecodableDecisions);
            return;
        }

        var hash = default(HashCode);
        hash.Add(decision.Outcome);
        for (int i = 0; i < decision.ReasonCount; i++)
        {
            hash.AddBytes(decision.ReasonRuleId(i));
            hash.AddBytes(decision.ReasonCode(i));
        }

        _outcomes.AddOrUpdate(decision.Outcome.ToString(), 1, (_, n) => n + 1);
        Record(decision.HasSource ? decision.SourcePartition : -1, decision.HasSource ? decision.SourceOffset : -1, hash.ToHashCode(), isDeadLetter: false, decision.Outcome.ToString());
    }

    private void Record(int partition, long offset, int hash, bool isDeadLetter, string description)
    {
        if (partition < 0 || offset < 0)
        {
            Interlocked.Increment(ref _unattributed);
            return;
        }

        long key = Key(partition, offset);
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out Entry entry))
            {
                _entries[key] = new Entry(hash, 1, isDeadLetter, description);
                return;
            }

            if (entry.Hash == hash)
            {
                Interlocked.Increment(ref _duplicates);
            }
            else
            {
                Interlocked.Increment(ref _nonIdentical);
                _firstNonIdentical ??= $"partition {partition} offset {offset}: {entry.Description} then {description}";
            }

            _entries[key] = entry with { Count = entry.Count + 1 };
        }
    }

    /// <summary>What became of one input record.</summary>
    /// <param name="Hash">The outcome and reasons (decision) or the error code (dead letter), hashed.</param>
    /// <param name="Count">How many records name it.</param>
    /// <param name="IsDeadLetter">Dead-lettered rather than decided.</param>
    /// <param name="Description">Outcome, or DLQ and the code.</param>
    internal readonly record struct Entry(int Hash, int Count, bool IsDeadLetter, string Description);
}
