using Confluent.Kafka;

namespace ParcelStream.Pipeline.Kafka;

/// <summary>
/// Follows every partition of a topic from its beginning, on a thread of its own, for as long as it runs: how a
/// worker reads a table every worker needs whole (the feedback statistics, the model topic), as Kafka Streams reads a
/// GlobalKTable. A topic that does not exist yet is looked for again; a failed fetch is reported and retried.
/// </summary>
internal sealed class TopicFollower : IDisposable
{
    private static readonly TimeSpan s_lookAgain = TimeSpan.FromSeconds(1);

    private readonly string _topic;
    private readonly IReadOnlyDictionary<string, string> _clientConfig;
    private readonly ConsumerConfig _consumerConfig;
    private readonly Action<ConsumeResult<byte[], byte[]>> _apply;
    private readonly Action<string> _retrying;
    private readonly Action<Exception> _failed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _threadName;
    private Thread? _thread;

    /// <summary>Initializes a follower.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="clientConfig">librdkafka settings, bootstrap servers included (for metadata).</param>
    /// <param name="consumerConfig">The consumer's settings (group id and client id of the reader; nothing is committed).</param>
    /// <param name="apply">Called with every record, in offset order within a partition, on the follower's thread.</param>
    /// <param name="retrying">Called with the reason when a fetch fails and is retried.</param>
    /// <param name="failed">Called when the consumer fails for good (the follower stops).</param>
    /// <param name="threadName">The thread's name.</param>
    public TopicFollower(string topic, IReadOnlyDictionary<string, string> clientConfig, ConsumerConfig consumerConfig, Action<ConsumeResult<byte[], byte[]>> apply, Action<string> retrying, Action<Exception> failed, string threadName)
    {
        _topic = topic;
        _clientConfig = clientConfig;
        _consumerConfig = consumerConfig;
        _apply = apply;
        _retrying = retrying;
        _failed = failed;
        _threadName = threadName;
    }

    /// <summary>Starts following.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { Name = _threadName, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops following (waits up to 10 s for the thread).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private void Run()
    {
        try
        {
            using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(_consumerConfig).SetLogHandler(KafkaLog.Shared.Handler()).Build();
            int[] partitions = [];
            while (!_stopping.IsCancellationRequested)
            {
                if (partitions.Length == 0)
                {
                    // The topic may not exist yet (a new cluster): an absent topic is an empty table; look again later.
                    partitions = [.. TopicPartitions.Of(_clientConfig, _topic, TimeSpan.FromSeconds(5))];
                    if (partitions.Length == 0)
                    {
                        _stopping.Token.WaitHandle.WaitOne(s_lookAgain);
                        continue;
                    }

                    consumer.Assign(partitions.Select(p => new TopicPartitionOffset(_topic, p, Offset.Beginning)));
                }

                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = consumer.Consume(100);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // A refused or failed fetch (authorization, a broker away) passes; stopping here would freeze the
                    // table the decisions read until the next restart. librdkafka retries the fetch itself.
                    _retrying(ex.Error.Reason);
                    _stopping.Token.WaitHandle.WaitOne(s_lookAgain);
                    continue;
                }

                if (result is not null && !result.IsPartitionEOF)
                {
                    _apply(result);
                }
            }

            consumer.Close();
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            _failed(ex);
        }
    }
}
