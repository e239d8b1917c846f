using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.State;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Consumes manifests, decides each one and publishes the decision, at least once (or exactly once with
/// transactions). One dedicated thread consumes; each input partition is pinned to one of several lanes (threads), so
/// per-partition order is kept while all cores work. An offset is committed only after its decision, or its
/// dead-letter record, and every one before it in the partition, has been acknowledged by the broker. Made by
/// <see cref="DecisionWorkerFactory"/>.
/// </summary>
/// <typeparam name="TStage">What decides; a struct so the lanes call it without virtual dispatch.</typeparam>
/// <typeparam name="TTransport">How it reaches Kafka; a struct so the lanes produce without a branch on the client.</typeparam>
internal sealed partial class DecisionWorker<TStage, TTransport> : IDecisionWorker, ITransportEvents
    where TStage : struct, IDecisionStage
    where TTransport : struct, IWorkerTransport
{
    /// <summary>Most records taken from the consumer in one poll: enough to amortise the per-batch bookkeeping of <see cref="Dispatch"/>.</summary>
    private const int MaxBatch = 512;

    /// <summary>How long the consuming thread waits for acknowledgements when the in-flight budget is full: one scheduler tick, far below a batch's latency.</summary>
    private const int BackpressureWaitMs = 1;

    /// <summary>How often draining looks at the trackers again: a drain waits for broker round trips, so finer polling buys nothing.</summary>
    private const int DrainPollMs = 5;

    /// <summary>How much longer than the drain timeout <see cref="Dispose"/> waits for the consuming thread: its commit, flush and close after the drain.</summary>
    private const int ShutdownGraceMs = 5_000;

    /// <summary>The per-partition arrays' first size (input and repartition partitions, see <see cref="SlotIndex"/>); they grow on demand.</summary>
    private const int InitialPartitionSlots = 64;

    private readonly WorkerOptions _options;
    private readonly TStage _stage;
    private readonly ILogger _logger;
    private readonly ManifestDecoder _decoder;
    private readonly IReadOnlyDictionary<string, string> _kafkaSettings;
    private readonly SlotPool _pool;
    private readonly ConcurrentDictionary<TopicPartition, PartitionTracker> _trackers = new();
    private readonly MessageSlot[] _batch;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly StatefulProcessing? _stateful;
    private readonly RegistrySchemas? _schemas;

    /// <summary>Messages a lane gave up on at shutdown while the schema registry was unreachable: never acknowledged, consumed again after a restart.</summary>
    private int _abandoned;
    private readonly string? _repartitionTopic;
    private PartitionStores<ConsigneeKey, ParcelWindow, ParcelWindowCodec>? _stores;
    private Lane[] _lanes = [];

    // Not readonly: opening it sets its clients in place, and a lane's copy keeps the lane's own caches.
    private TTransport _transport;
    private Thread? _consumerThread;
    private volatile Exception? _fatal;
    private long _lastCommitTicks;
    private int _assignedPartitions;
    private readonly InFlightBudget _budget;

    /// <summary>The producer's record limit (message.max.bytes): dead-letter records are laid out to fit it.</summary>
    private readonly int _maxRecordBytes;

    /// <summary>The decoder's message limit: a value over it never reaches the producer whole.</summary>
    private readonly int _maxValueBytes;

    /// <summary>The largest record of the last batches (halved per batch), to size the next batch to the byte budget.</summary>
    private int _largestRecent;
    private PartitionTracker?[] _trackerCache = new PartitionTracker?[InitialPartitionSlots];

    /// <summary>
    /// Partitions this member owns, by <see cref="SlotIndex"/> (input and repartition topic); read and written only on
    /// the consuming thread.
    /// </summary>
    private bool[] _assigned = new bool[InitialPartitionSlots];

    /// <summary>Initializes a worker; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="options">Validated worker options.</param>
    /// <param name="stage">What decides.</param>
    /// <param name="registry">Writer schemas of the input.</param>
    /// <param name="limits">Decoding limits.</param>
    /// <param name="kafkaSettings">librdkafka settings passed through to both clients (security.protocol, sasl.*, ssl.*...).</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="stateful">
    /// The stateful stages (split shipments, duplicates), or null for stateless decisions. When set, manifests from the
    /// input topic are forwarded to the repartition topic keyed by consignee, and decided when consumed from there.
    /// </param>
    /// <param name="schemas">
    /// The Confluent Schema Registry, or null for the local schemas only. When set, a Confluent schema id the decoder
    /// does not know is fetched from it (the lane waits while it is unreachable) and resolved once.
    /// </param>
    /// <exception cref="InvalidConfigurationException">An option is invalid.</exception>
    public DecisionWorker(WorkerOptions options, TStage stage, SchemaRegistry registry, CodecLimits limits, IReadOnlyDictionary<string, string> kafkaSettings, ILogger logger, StatefulProcessing? stateful = null, RegistrySchemas? schemas = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ExactlyOnce != TTransport.Transactional)
        {
            throw new ArgumentException($"{typeof(TTransport).Name} does not give the delivery ExactlyOnce={options.ExactlyOnce} asks for; make workers with {nameof(DecisionWorkerFactory)}.", nameof(options));
        }

        _options = options;
        _stage = stage;
        _logger = logger;
        _kafkaSettings = kafkaSettings;
        _decoder = new ManifestDecoder(registry, limits, options.ParsedInputFraming());
        _batch = new MessageSlot[Math.Min(MaxBatch, options.MaxInFlight)];
        _budget = new InFlightBudget(options.MaxInFlight, options.MaxInFlightBytes);
        _pool = new SlotPool(options.MaxInFlightBytes);
        _maxValueBytes = limits.MaxMessageBytes;
        _maxRecordBytes = DeadLetterRecord.MaxRecordBytes(KafkaSettings.DecisionProducer(options.BootstrapServers, options.MaxInFlight, kafkaSettings));
        _stateful = stateful;
        _schemas = schemas;
        _repartitionTopic = stateful?.Options.RepartitionTopic;
        if (_repartitionTopic is not null && (_repartitionTopic == options.InputTopic || stateful!.Options.ChangelogTopic == options.InputTopic))
        {
            throw new InvalidConfigurationException($"{StateOptions.SectionName}:{nameof(StateOptions.ApplicationId)}", "gives internal topic names equal to the input topic.");
        }
    }

    /// <summary>Gets the running totals.</summary>
    public WorkerCounters Counters { get; } = new();

    /// <summary>Gets a task that completes when the worker has stopped (faulted if it stopped on an error).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets the split-shipment store's statistics (null when the stateful stages are off or before Start).</summary>
    public StoreStatistics? State => _stores?.Statistics;

    /// <summary>Gets the partitions currently assigned.</summary>
    public int AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    /// <summary>Starts the consumer thread and the lanes.</summary>
    public void Start()
    {
        if (_consumerThread is not null)
        {
            throw new InvalidOperationException("The worker is already started.");
        }

        if (_stateful is not null)
        {
            _stores = new PartitionStores<ConsigneeKey, ParcelWindow, ParcelWindowCodec>(
                StateOptions.SplitStoreName,
                _stateful.Options.ChangelogTopic,
                _options.BootstrapServers,
                _kafkaSettings,
                _stateful.Settings.Window,
                TimeSpan.FromMilliseconds(_stateful.Options.RestoreTimeoutMs));
        }

        if (NativeAllocator.IsThreadFriendly)
        {
            LogAllocator(NativeAllocator.Name);
        }
        else
        {
            LogGlibcAllocator();
        }

        // Opened in place, before any lane copies it: every copy shares these clients.
        _transport = default;
        _transport.Open(_options, _kafkaSettings, _pool, this);
        _lanes = new Lane[_options.EffectiveThreads];
        for (int i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = new Lane(this, i);
            _lanes[i].Start();
        }

        _consumerThread = new Thread(ConsumeLoop) { Name = "parcelstream-consumer", IsBackground = true };
        _consumerThread.Start();
    }

    /// <summary>Stops consuming, finishes in-flight work, commits, flushes and leaves the group.</summary>
    /// <param name="cancellationToken">Gives up waiting (the worker still stops).</param>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        ThreadStop.StopAsync(_stopping, _consumerThread is not null, _completion.Task, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _consumerThread?.Join(TimeSpan.FromMilliseconds(_options.DrainTimeoutMs + ShutdownGraceMs));
        _stopping.Dispose();
        foreach (Lane lane in _lanes)
        {
            lane.Dispose();
        }
    }

    private void ConsumeLoop()
    {
        try
        {
            string[] topics = _repartitionTopic is null ? [_options.InputTopic] : [_options.InputTopic, _repartitionTopic];
            _transport.Subscribe(topics);
            LogWaitingForAssignment(_options.GroupId, string.Join(",", topics));
            _lastCommitTicks = Stopwatch.GetTimestamp();
            while (!_stopping.IsCancellationRequested && _fatal is null)
            {
                int count = Poll();
                if (count > 0)
                {
                    Dispatch(count);
                }

                if (Stopwatch.GetElapsedTime(_lastCommitTicks).TotalMilliseconds >= _options.CommitIntervalMs)
                {
                    CommitAll();
                }
            }
        }
        catch (Exception ex)
        {
            _fatal ??= ex;
        }
        finally
        {
            Shutdown();
        }
    }

    /// <summary>
    /// Fills <see cref="_batch"/> with the records already fetched (or waits for one), taking no more records than the
    /// byte budget holds at the size of the largest recent one: a batch of large records cannot hold many times the
    /// budget in slots before the backpressure in <see cref="Dispatch"/> sees it.
    /// </summary>
    private int Poll()
    {
        int limit = _largestRecent <= 0 ? _batch.Length : (int)Math.Clamp(_options.MaxInFlightBytes / _largestRecent, 1, _batch.Length);
        int count = _transport.Poll(_batch, limit, out string? error);
        if (error is not null)
        {
            LogConsumeError(error);
        }

        return count;
    }

    /// <summary>
    /// Hands the first <paramref name="count"/> slots of <see cref="_batch"/> to their lanes: all bookkeeping is per
    /// batch (one clock read, one in-flight reservation, one wake-up per lane), only the order tracking is per record.
    /// </summary>
    private void Dispatch(int count)
    {
        count = DropUnassigned(count);
        long bytes = 0;
        int largest = 0;
        for (int i = 0; i < count; i++)
        {
            int size = _batch[i].Size;
            _batch[i].DispatchedBytes = size;
            bytes += size;
            largest = Math.Max(largest, size);
        }

        _largestRecent = Math.Max(largest, _largestRecent / 2);

        // Backpressure: wait for acknowledgements rather than buffer without bound, in messages and in bytes.
        while (!_budget.Fits(count, bytes))
        {
            if (_fatal is not null)
            {
                return;
            }

            Thread.Sleep(BackpressureWaitMs);
        }

        _budget.Admit(count, bytes);
        long received = Stopwatch.GetTimestamp();
        int woken = 0;
        int consumed = 0;
        for (int i = 0; i < count; i++)
        {
            MessageSlot slot = _batch[i];
            _batch[i] = null!;
            slot.ReceivedTicks = received;
            slot.Deliveries = 1;
            slot.Forwarding = false;

            // With stateful stages each manifest is consumed twice (input, then repartition topic): counted once.
            consumed += IsRepartition(slot.TopicPartition!) ? 0 : 1;
            PartitionTracker tracker = TrackerFor(slot.TopicPartition!);
            slot.Tracker = tracker;
            tracker.Consumed(slot.Offset);
            int lane = LaneOf(slot.TopicPartition!.Partition.Value);
            _lanes[lane].Enqueue(slot);

            // With more than 32 lanes some share a bit: a lane may be woken for nothing, never left asleep.
            woken |= 1 << (lane & 31);
        }

        Counters.OnConsumed(consumed);
        for (int lane = 0; lane < _lanes.Length; lane++)
        {
            if ((woken & (1 << (lane & 31))) != 0)
            {
                _lanes[lane].Wake();
            }
        }
    }

    /// <summary>
    /// Returns to the pool the records of partitions revoked in the same poll that fetched them (the next owner decides
    /// them) and closes the gaps in <see cref="_batch"/>.
    /// </summary>
    /// <returns>How many records remain.</returns>
    private int DropUnassigned(int count)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            MessageSlot slot = _batch[i];
            if (IsAssigned(slot.TopicPartition!))
            {
                _batch[kept++] = slot;
            }
            else
            {
                _pool.Return(slot);
            }
        }

        return kept;
    }

    /// <summary>
    /// The tracker of a partition, cached by <see cref="SlotIndex"/> on the consuming thread; rebalances, which run on the
    /// same thread, clear the cache.
    /// </summary>
    private PartitionTracker TrackerFor(TopicPartition partition)
    {
        int p = SlotIndex(partition);
        if ((uint)p < (uint)_trackerCache.Length && _trackerCache[p] is { } cached)
        {
            return cached;
        }

        PartitionTracker tracker = _trackers.GetOrAdd(partition, static _ => new PartitionTracker());
        if (p >= _trackerCache.Length)
        {
            Array.Resize(ref _trackerCache, Math.Max(p + 1, _trackerCache.Length * 2));
        }

        _trackerCache[p] = tracker;
        return tracker;
    }

    /// <summary>Gets whether a record came from the repartition topic (to be decided) rather than the input (to be forwarded).</summary>
    private bool IsRepartition(TopicPartition partition) =>
        _repartitionTopic is not null && (ReferenceEquals(partition.Topic, _repartitionTopic) || partition.Topic == _repartitionTopic);

    /// <summary>Index of a partition in the per-partition arrays: the input topic's at even, the repartition topic's at odd indexes.</summary>
    private int SlotIndex(TopicPartition partition) => (partition.Partition.Value * 2) + (IsRepartition(partition) ? 1 : 0);

    /// <summary>
    /// The lane that owns a partition number (of the input or the repartition topic): its records, the refusals of
    /// their records and its state store are only ever handled there, which is what lets per-partition state go unlocked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LaneOf(int partition) => partition % _lanes.Length;

    /// <summary>Called from a producer delivery report: the record for this slot is safely on the broker (or failed, <paramref name="error"/> not 0).</summary>
    private void OnDelivered(MessageSlot slot, int error)
    {
        if (error != 0)
        {
            OnDeliveryFailed(slot, error);
            return;
        }

        int bytes = slot.DispatchedBytes;
        if (Delivered(slot, Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), out bool decided))
        {
            Counters.OnAcknowledged(decided ? 1 : 0);
            _budget.Release(1, bytes);
        }
    }

    /// <summary>A batch of native delivery reports: the per-record work is the acknowledgement itself, the rest is per batch.</summary>
    private void OnDeliveredBatch(ReadOnlySpan<DeliveredRecord> records)
    {
        long now = Stopwatch.GetTimestamp();
        long nowMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int acknowledged = 0;
        long bytes = 0;
        int decided = 0;
        foreach (DeliveredRecord record in records)
        {
            MessageSlot slot = _pool.Get((int)record.Opaque);
            if (record.Error != 0)
            {
                OnDeliveryFailed(slot, record.Error);
                continue;
            }

            // Read before the slot may go back to the pool.
            int size = slot.DispatchedBytes;
            if (Delivered(slot, now, nowMillis, out bool wasDecided))
            {
                decided += wasDecided ? 1 : 0;
                acknowledged++;
                bytes += size;
            }
        }

        // A forwarded manifest is counted when its decision is acknowledged.
        Counters.OnAcknowledged(decided);
        _budget.Release(acknowledged, bytes);
    }

    /// <summary>One record of a slot delivered: acknowledges the slot when it was its last record in flight.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="now">Stopwatch timestamp of the delivery report.</param>
    /// <param name="nowMillis">Its wall-clock time, UTC milliseconds.</param>
    /// <param name="decided">Whether the slot was a decision (not a manifest forwarded to the repartition topic).</param>
    /// <returns>False while changelog or amendment records of the message are still in flight.</returns>
    private bool Delivered(MessageSlot slot, long now, long nowMillis, out bool decided)
    {
        decided = false;
        if (Interlocked.Decrement(ref slot.Deliveries) > 0)
        {
            return false;
        }

        // Read before the slot goes back to the pool.
        decided = !slot.Forwarding;
        Acknowledge(slot, now, nowMillis);
        return true;
    }

    private void Acknowledge(MessageSlot slot, long now, long nowMillis)
    {
        if (!slot.Forwarding)
        {
            // A forwarded manifest's latency is measured when its decision is acknowledged.
            Counters.ServiceLatency.Record(Stopwatch.GetElapsedTime(slot.ReceivedTicks, now).TotalMilliseconds);
            if (slot.TimestampMillis > 0)
            {
                Counters.Latency.Record(nowMillis - slot.TimestampMillis);
            }
        }

        // A tracker of a partition revoked meanwhile is no longer in _trackers: the acknowledgement then goes nowhere.
        slot.Tracker?.Acknowledged(slot.Offset);
        _pool.Return(slot);
    }

    /// <summary>
    /// A record of <paramref name="slot"/> was not delivered. When the broker (or librdkafka's own check) refused that
    /// record itself, a restart would meet the same refusal at the same offset forever: its lane dead-letters the
    /// message's coordinates in its place instead. Anything else (timeouts, a broker or topic unavailable, not
    /// authorized, a fatal producer) is about the cluster, not the record: librdkafka already retried (idempotent
    /// producer), so do not acknowledge, stop, and let a restart redo it; nothing is lost.
    /// </summary>
    private void OnDeliveryFailed(MessageSlot slot, int error)
    {
        var code = (ErrorCode)error;
        if (IsRefusedForGood(code) && !slot.CoordinatesOnly && !TTransport.Transactional && _lanes.Length > 0)
        {
            Counters.OnDeliveryRefused();
            LogDeliveryRefused(slot.TopicPartition?.ToString() ?? "?", slot.Offset, code.GetReason());
            Volatile.Write(ref slot.RefusedCode, error);
            Interlocked.Increment(ref slot.Refusals);
            Lane lane = _lanes[LaneOf(slot.TopicPartition!.Partition.Value)];
            lane.Enqueue(slot);
            lane.Wake();
            return;
        }

        Counters.OnDeliveryFailure();
        LogDeliveryFailed(slot.TopicPartition?.ToString() ?? "?", slot.Offset, code.GetReason());
        _fatal ??= new InvalidOperationException($"Delivery of the record for {slot.TopicPartition} offset {slot.Offset} failed: {code.GetReason()}");
    }

    /// <summary>
    /// Errors by which the broker or librdkafka refuse one record for what it is (its size, its format, its
    /// timestamp), so that sending it again can never succeed. With exactly once a refused record aborts the whole
    /// transaction, so there every failure stops the worker.
    /// </summary>
    internal static bool IsRefusedForGood(ErrorCode code) => code is
        ErrorCode.MsgSizeTooLarge
        or ErrorCode.RecordListTooLarge
        or ErrorCode.InvalidRecord
        or ErrorCode.InvalidTimestamp
        or ErrorCode.Local_BadMsg;

    private void Shutdown()
    {
        try
        {
            // The lanes run until everything is drained: a record refused while draining goes back to its lane.
            long inFlight = 0;
            if (_fatal is null)
            {
                foreach (PartitionTracker tracker in _trackers.Values)
                {
                    inFlight += tracker.Pending;
                }

                WaitDrained(null);
                FlushProducer();
                CommitAll();
            }

            foreach (Lane lane in _lanes)
            {
                lane.Complete();
            }

            foreach (Lane lane in _lanes)
            {
                lane.Join();
            }

            if (_fatal is null)
            {
                // Leaves the group at once, so that the partitions move without waiting for the session timeout.
                _transport.Close();
                LogStopped(inFlight, _options.GroupId);
            }
        }
        catch (Exception ex)
        {
            _fatal ??= ex;
        }
        finally
        {
            _transport.Dispose();
            if (_fatal is null)
            {
                _completion.TrySetResult();
            }
            else
            {
                LogStoppedOnError(_fatal);
                _completion.TrySetException(_fatal);
            }
        }
    }

    /// <summary>Waits until every consumed offset of <paramref name="partitions"/> (all when null) is acknowledged.</summary>
    private bool WaitDrained(IEnumerable<TopicPartition>? partitions)
    {
        long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * _options.DrainTimeoutMs / 1000);
        while (Stopwatch.GetTimestamp() < deadline && _fatal is null)
        {
            bool drained = true;
            foreach (KeyValuePair<TopicPartition, PartitionTracker> kv in _trackers)
            {
                if (kv.Value.Pending > 0 && (partitions is null || partitions.Contains(kv.Key)))
                {
                    drained = false;
                    break;
                }
            }

            if (drained || PendingOnlyAbandoned())
            {
                return true;
            }

            Thread.Sleep(DrainPollMs);
        }

        return false;
    }

    /// <summary>
    /// Gets whether the only records still pending are the ones lanes gave up on at shutdown (see <see cref="_abandoned"/>):
    /// waiting longer cannot drain them, neither in the final drain nor in the revocation that closing the consumer causes.
    /// </summary>
    private bool PendingOnlyAbandoned()
    {
        int abandoned = Volatile.Read(ref _abandoned);
        if (abandoned == 0)
        {
            return false;
        }

        long pending = 0;
        foreach (PartitionTracker tracker in _trackers.Values)
        {
            pending += tracker.Pending;
        }

        return pending <= abandoned;
    }
}
