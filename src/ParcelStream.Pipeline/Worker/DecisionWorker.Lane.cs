using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.Worker;

/// <content>Processing lanes: decode, decide, publish.</content>
public sealed partial class DecisionWorker<TStage>
{
    /// <summary>
    /// One processing thread with its own view, decision and output buffer (nothing shared, nothing locked on the
    /// per-manifest path). Partitions are pinned to lanes, so a lane sees each partition's manifests in order. The
    /// consuming thread enqueues a whole batch and then wakes the lane once, and only when it sleeps: a lane that has
    /// work drains its queue without any signalling.
    /// </summary>
    private sealed unsafe class Lane(DecisionWorker<TStage> worker, int index) : IDisposable, IChangelogSink, IAmendmentSink
    {
        private const string MissingManifestId = "InvalidManifest.MissingManifestId";

        private static readonly byte[] s_manifestIdHeader = NativeProducer.CString(DeadLetterHeaders.ManifestId);
        private static readonly byte[] s_rulesetVersionHeader = NativeProducer.CString(DeadLetterHeaders.RulesetVersion);
        private static readonly byte[] s_riskHistoryHeader = NativeProducer.CString(DeadLetterHeaders.RiskHistory);
        private static readonly byte[] s_cutoffHeader = NativeProducer.CString(DeadLetterHeaders.Cutoff);
        private static readonly byte[] s_sourceTopic = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceTopic);
        private static readonly byte[] s_sourcePartition = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourcePartition);
        private static readonly byte[] s_sourceOffset = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceOffset);
        private static readonly byte[] s_headersDropped = Encoding.UTF8.GetBytes(DeadLetterHeaders.HeadersDropped);

        /// <summary>The repartition record's own headers: the three source headers and the dropped count.</summary>
        private const int ForwardOwnHeaders = 4;

        private readonly ConcurrentQueue<MessageSlot> _queue = new();

        // No spinning before sleeping: on a machine with few cores the spinning lane takes the core the consumer or
        // librdkafka needs.
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private readonly ManifestView _view = new();
        private readonly CustomsDecision _decision = new();
        private readonly ArrayBufferWriter<byte> _output = new(1024);
        private readonly RecordHeaders _headers = new();
        private readonly DeadLetterRecord _deadLetter = new(worker._maxRecordBytes, worker._maxValueBytes);
        private readonly ArrayBufferWriter<byte> _amendmentOutput = new(1024);
        private readonly ArrayBufferWriter<byte> _decided = new(256);
        private readonly byte[] _riskHistory = new byte[RiskHistory.MaxFormattedLength];
        private readonly byte[] _cutoff = new byte[32];
        private readonly bool _decidedOn = !string.IsNullOrEmpty(worker._options.DecidedTopic);
        private readonly nint _decidedTopic = string.IsNullOrEmpty(worker._options.DecidedTopic) || worker._native is null ? 0 : worker._native.Topic(worker._options.DecidedTopic);
        private readonly nint _repartitionTopic = worker._repartitionTopic is null || worker._native is null ? 0 : worker._native.Topic(worker._repartitionTopic);
        private StatefulChecks? _checks;
        private MessageSlot? _current;
        private string _changelogTopic = string.Empty;
        private nint _changelogTopicHandle;
        private readonly OutputTopics _topics = new(worker._options, worker._native);
        private TStage _stage = worker._stage;
        private byte[] _topicUtf8 = [];
        private string _topic = string.Empty;
        private byte[] _rulesetVersion = [];
        private Thread? _thread;
        private uint _manifests;
        private int _sleeping;
        private volatile bool _completed;

        /// <summary>Gets where the stores of this lane's partitions send their changes (this lane, for the message it processes).</summary>
        public IChangelogSink Sink => this;

        public void Start()
        {
            _thread = new Thread(Run) { Name = $"parcelstream-lane-{index}", IsBackground = true };
            _thread.Start();
        }

        /// <summary>Queues a slot; the lane does not look until <see cref="Wake"/>.</summary>
        public void Enqueue(MessageSlot slot) => _queue.Enqueue(slot);

        /// <summary>Wakes the lane if it sleeps (after <see cref="Enqueue"/>, whose interlocked write orders the two).</summary>
        public void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                _wake.Set();
            }
        }

        /// <summary>No more slots will come: the lane ends when its queue is empty.</summary>
        public void Complete()
        {
            _completed = true;
            _wake.Set();
        }

        public void Join() => _thread?.Join();

        public void Dispose() => _wake.Dispose();

        private void Run()
        {
            try
            {
                while (true)
                {
                    while (_queue.TryDequeue(out MessageSlot? slot))
                    {
                        if (worker._fatal is null)
                        {
                            // A slot comes back when the broker refused one of its records for good (see OnDeliveryFailed).
                            if (Volatile.Read(ref slot.Refusals) > 0)
                            {
                                Interlocked.Decrement(ref slot.Refusals);
                                DeadLetterRefused(slot);
                            }
                            else
                            {
                                Process(slot);
                            }
                        }

                        // After a fatal error nothing more is published; what was consumed is redone after a restart.
                    }

                    if (_completed)
                    {
                        if (_queue.IsEmpty)
                        {
                            return;
                        }

                        continue;
                    }

                    Sleep();
                }
            }
            catch (Exception ex)
            {
                worker._fatal ??= ex;
            }
        }

        /// <summary>
        /// Announces the sleep, then looks at the queue once more: either the consumer sees the announcement and wakes
        /// the lane, or the lane sees the slot (both sides write, then read, with a full fence between).
        /// </summary>
        private void Sleep()
        {
            Interlocked.Exchange(ref _sleeping, 1);
            if (_queue.IsEmpty && !_completed)
            {
                _wake.Wait();
            }

            _wake.Reset();
            Volatile.Write(ref _sleeping, 0);
        }

        private void Process(MessageSlot slot)
        {
            if (slot.ValueIsNull)
            {
                DeadLetter(slot, "EmptyMessage", 0);
                return;
            }

            // Stage timings of one manifest in WorkerCounters.StageSampleEvery: reading the clock costs more than a decode step.
            bool timed = ++_manifests % WorkerCounters.StageSampleEvery == 0;
            long started = timed ? Stopwatch.GetTimestamp() : 0;
            AvroError error = worker._decoder.Decode(slot.Value, 0, slot.ValueLength, _view);
            if (timed)
            {
                worker.Counters.DecodeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (error.IsError)
            {
                DeadLetter(slot, error.Code.ToString(), error.Offset);
                return;
            }

            if (_view.ManifestId.IsEmpty)
            {
                DeadLetter(slot, MissingManifestId, 0);
                return;
            }

            bool stateful = worker._stores is not null;
            if (stateful && !worker.IsRepartition(slot.TopicPartition!))
            {
                Forward(slot);
                return;
            }

            CustomsDecision decision = _decision;
            decision.Reset();
            decision.SetManifest(_view.ManifestId, _view.TrackingNumber);
            if (worker._options.IncludeSource)
            {
                SetSource(slot, decision, stateful);
            }

            decision.DecidedAtMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            decision.RecordTimestampMillis = slot.TimestampMillis;
            long evaluating = timed ? Stopwatch.GetTimestamp() : 0;
            int partition = slot.TopicPartition!.Partition.Value;
            _stage.Evaluate(_view, decision, partition, worker.RecoveredCutoff(partition, slot.Offset));
            if (stateful)
            {
                ApplyState(slot, decision);
            }

            if (timed)
            {
                worker.Counters.EvaluateLatency.Record(Stopwatch.GetElapsedTime(evaluating).TotalMilliseconds);
            }

            worker.Counters.CreatedToDecided.Record(decision.DecidedAtMillis - _view.CreatedAtMillis);
            worker.Counters.OnDecision(decision.Outcome);
            for (int i = 0; i < decision.ReasonCount; i++)
            {
                worker.Counters.Reasons.Add(decision.ReasonCode(i));
            }

            bool decided = _decidedOn && decision.Outcome != Outcome.Release;
            if (decided)
            {
                // Counted before the decision is produced: its delivery report may come before the decided record is queued.
                Interlocked.Increment(ref slot.Deliveries);
            }

            PublishDecision(decision, _output, slot);
            if (decided)
            {
                PublishDecided(decision, slot);
            }
        }

        /// <summary>
        /// For inspection feedback: what was decided (rules, random selection, seller, consignor) to the decided-manifests
        /// topic, keyed by manifestId; the input offset waits for this record too (counted in the slot's deliveries by the caller).
        /// </summary>
        private void PublishDecided(CustomsDecision decision, MessageSlot slot)
        {
            _decided.ResetWrittenCount();
            DecidedRecord.Write(_decided, _view, decision);
            if (worker._native is { } native)
            {
                PublishNative(native, _decidedTopic, decision.ManifestId, _decided.WrittenSpan, [], slot);
                return;
            }

            var record = new Message<byte[], byte[]> { Key = decision.ManifestId.ToArray(), Value = _decided.WrittenSpan.ToArray() };
            PublishConfluent(new TopicPartition(worker._options.DecidedTopic, Partition.Any), record, slot);
        }

        /// <inheritdoc />
        public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
        {
            MessageSlot slot = _current!;
            Interlocked.Increment(ref slot.Deliveries);
            if (worker._native is { } native)
            {
                if (!ReferenceEquals(topic, _changelogTopic))
                {
                    _changelogTopic = topic;
                    _changelogTopicHandle = native.Topic(topic);
                }

                PublishNative(native, _changelogTopicHandle, key, tombstone ? default : value, [], slot, partition);
                return;
            }

            var message = new Message<byte[], byte[]> { Key = key.ToArray(), Value = tombstone ? null! : value.ToArray() };
            PublishConfluent(new TopicPartition(topic, partition), message, slot);
        }

        /// <inheritdoc />
        public void Publish(CustomsDecision amendment)
        {
            MessageSlot slot = _current!;
            Interlocked.Increment(ref slot.Deliveries);
            worker.Counters.OnAmendment();
            PublishDecision(amendment, _amendmentOutput, slot);
        }

        /// <summary>The split-shipment and duplicate checks, against the store of the record's repartition partition.</summary>
        private void ApplyState(MessageSlot slot, CustomsDecision decision)
        {
            int partition = slot.TopicPartition!.Partition.Value;
            if (!worker._stores!.TryGet(partition, out KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec> store))
            {
                throw new InvalidOperationException($"No state store for {slot.TopicPartition}: a record was dispatched for a partition not assigned or not restored.");
            }

            _current = slot;
            _checks ??= new StatefulChecks(worker._stateful!.Settings);
            // The repartition record is keyed by the consignee key Forward computed: read back, not folded and hashed again.
            ConsigneeKey key = ConsigneeKey.TryRead(slot.KeySpan, out ConsigneeKey forwarded) ? forwarded : ConsigneeKey.Of(_view);
            StatefulVerdict verdict = _checks.Apply(_view, key, decision, worker._stateful!.Pack, store, this);
            worker.Counters.OnVerdict(verdict);
        }

        /// <summary>Sets the decision's source: with stateful stages, the input record the repartition record was forwarded from.</summary>
        private void SetSource(MessageSlot slot, CustomsDecision decision, bool stateful)
        {
            ReadOnlySpan<byte> topic = default;
            int partition = -1;
            long offset = -1;
            for (int i = 0; stateful && i < slot.HeaderCount; i++)
            {
                ReadOnlySpan<byte> name = slot.HeaderName(i);
                if (name.SequenceEqual(s_sourceTopic))
                {
                    topic = slot.HeaderValue(i);
                }
                else if (name.SequenceEqual(s_sourcePartition))
                {
                    _ = Utf8Parser.TryParse(slot.HeaderValue(i), out partition, out _);
                }
                else if (name.SequenceEqual(s_sourceOffset))
                {
                    _ = Utf8Parser.TryParse(slot.HeaderValue(i), out offset, out _);
                }
            }

            if (topic.IsEmpty)
            {
                decision.SetSource(TopicUtf8(slot.TopicPartition!.Topic), slot.TopicPartition.Partition.Value, slot.Offset);
                return;
            }

            decision.SetSource(topic, partition, offset);
        }

        /// <summary>
        /// Stateful stages on, a record of the input topic: the manifest goes unchanged to the repartition topic, keyed by
        /// its consignee, with its headers, timestamp and where it came from; it is decided when consumed from there.
        /// </summary>
        private void Forward(MessageSlot slot)
        {
            Span<byte> key = stackalloc byte[ConsigneeKey.Size];
            ConsigneeKey.Of(_view).WriteTo(key);
            worker.Counters.OnForwarded();
            slot.Forwarding = true;
            Span<byte> partition = stackalloc byte[11];
            Span<byte> offset = stackalloc byte[20];
            _ = Utf8Formatter.TryFormat(slot.TopicPartition!.Partition.Value, partition, out int partitionLength);
            _ = Utf8Formatter.TryFormat(slot.Offset, offset, out int offsetLength);
            // Ours first, so that they survive whatever the original carries; the originals within the budget after.
            int originals = slot.HeaderCount == 0 ? 0 : RecordHeaders.OriginalsThatFit(slot, RecordHeaders.MaxHeaders - ForwardOwnHeaders, RecordHeaders.MaxOriginalHeaderBytes);
            _headers.Clear();
            _headers.Add(s_sourceTopic, TopicUtf8(slot.TopicPartition.Topic));
            _headers.Add(s_sourcePartition, partition[..partitionLength]);
            _headers.Add(s_sourceOffset, offset[..offsetLength]);
            if (originals < slot.HeaderCount)
            {
                HeadersDropped(slot.HeaderCount - originals);
            }

            _headers.AddOriginals(slot, originals);
            if (worker._native is { } native)
            {
                PublishWithHeaders(native, _repartitionTopic, key, slot.ValueSpan, slot, slot.TimestampMillis);
                return;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = key.ToArray(),
                Value = slot.ValueSpan.ToArray(),
                Timestamp = new Timestamp(slot.TimestampMillis, TimestampType.CreateTime),
                Headers = ConfluentHeaders(_headers),
            };
            PublishConfluent(new TopicPartition(worker._repartitionTopic, Partition.Any), message, slot);
        }

        /// <summary>Counts original headers left out and says so in a header.</summary>
        private void HeadersDropped(int dropped)
        {
            worker.Counters.OnHeadersDropped(dropped);
            Span<byte> digits = stackalloc byte[11];
            _ = Utf8Formatter.TryFormat(dropped, digits, out int length);
            _headers.Add(s_headersDropped, digits[..length]);
        }

        /// <summary>The laid-out headers as Confluent.Kafka headers (the exactly-once path).</summary>
        private static Headers ConfluentHeaders(RecordHeaders laid)
        {
            var headers = new Headers();
            for (int i = 0; i < laid.Count; i++)
            {
                headers.Add(Encoding.UTF8.GetString(laid.Name(i)), laid.Value(i).ToArray());
            }

            return headers;
        }

        /// <summary>Encodes a decision (or amendment) and produces it to its outcome's topic, keyed by tracking number.</summary>
        private void PublishDecision(CustomsDecision decision, ArrayBufferWriter<byte> output, MessageSlot slot)
        {
            output.ResetWrittenCount();
            DecisionWriter.Write(output, decision, _view.Framing, worker._options.DecisionSchemaId);
            int historyLength = decision.RiskHistory.IsKnown ? decision.RiskHistory.Format(_riskHistory) : 0;
            // The inspection cut-off: with the manifest, pack and history it reproduces the decision (rules explain --cutoff).
            int cutoffLength = !double.IsNaN(decision.Cutoff) && decision.Cutoff.TryFormat(_cutoff, out int written, "R", CultureInfo.InvariantCulture) ? written : 0;
            if (worker._native is { } native)
            {
                fixed (byte* manifestId = decision.ManifestId)
                fixed (byte* version = decision.RulesetVersion)
                fixed (byte* history = _riskHistory)
                fixed (byte* cutoff = _cutoff)
                fixed (byte* manifestIdName = s_manifestIdHeader)
                fixed (byte* versionName = s_rulesetVersionHeader)
                fixed (byte* historyName = s_riskHistoryHeader)
                fixed (byte* cutoffName = s_cutoffHeader)
                {
                    Span<HeaderRef> headers =
                    [
                        new HeaderRef(manifestIdName, manifestId, decision.ManifestId.Length),
                        new HeaderRef(versionName, version, decision.RulesetVersion.Length),
                        default,
                        default,
                    ];
                    int count = 2;
                    if (cutoffLength > 0)
                    {
                        headers[count++] = new HeaderRef(cutoffName, cutoff, cutoffLength);
                    }

                    if (historyLength > 0)
                    {
                        headers[count++] = new HeaderRef(historyName, history, historyLength);
                    }

                    // The record's timestamp is the decision's decidedAt (librdkafka would read the clock again otherwise).
                    PublishNative(native, _topics.For(decision.Outcome), decision.TrackingNumber, output.WrittenSpan, headers[..count], slot, -1, decision.DecidedAtMillis);
                }

                return;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = decision.TrackingNumber.ToArray(),
                Value = output.WrittenSpan.ToArray(),
                Timestamp = decision.DecidedAtMillis > 0 ? new Timestamp(decision.DecidedAtMillis, TimestampType.CreateTime) : default,
                Headers = new Headers
                {
                    { DeadLetterHeaders.ManifestId, decision.ManifestId.ToArray() },
                    { DeadLetterHeaders.RulesetVersion, RulesetVersion(decision.RulesetVersion) },
                },
            };
            if (cutoffLength > 0)
            {
                message.Headers.Add(DeadLetterHeaders.Cutoff, _cutoff.AsSpan(0, cutoffLength).ToArray());
            }

            if (historyLength > 0)
            {
                message.Headers.Add(DeadLetterHeaders.RiskHistory, _riskHistory.AsSpan(0, historyLength).ToArray());
            }

            PublishConfluent(new TopicPartition(_topics.NameFor(decision.Outcome), Partition.Any), message, slot);
        }

        /// <summary>
        /// The original bytes, key and headers, plus why and where from: nothing of the input is lost. What does not fit
        /// the producer's record limit (or is over the decoder's) is cut, said so in headers and counted; see
        /// <see cref="DeadLetterRecord"/>.
        /// </summary>
        private void DeadLetter(MessageSlot slot, string code, long offset, bool coordinatesOnly = false)
        {
            worker.Counters.OnDeadLetter(code);
            worker.LogDeadLettered(slot.TopicPartition!.ToString(), slot.Offset, code);
            slot.CoordinatesOnly = coordinatesOnly;
            _deadLetter.Plan(slot, Encoding.UTF8.GetBytes(code), offset, TopicUtf8(slot.TopicPartition.Topic), coordinatesOnly);
            if (_deadLetter.Truncation is { } truncation)
            {
                worker.Counters.OnDeadLetterTruncated();
                worker.LogDeadLetterTruncated(slot.TopicPartition.ToString(), slot.Offset, code, truncation, slot.ValueLength);
            }

            if (_deadLetter.DroppedHeaders > 0)
            {
                worker.Counters.OnHeadersDropped(_deadLetter.DroppedHeaders);
            }

            ReadOnlySpan<byte> key = _deadLetter.KeepsKey ? slot.KeySpan : default;
            ReadOnlySpan<byte> value = slot.ValueSpan[.._deadLetter.ValueLength];
            if (worker._native is { } native)
            {
                PublishRecord(native, _topics.DeadLetter, _deadLetter.Headers, key, value, slot, 0);
                return;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = !_deadLetter.KeepsKey || slot.KeyLength < 0 ? null! : key.ToArray(),
                Value = slot.ValueIsNull ? null! : value.ToArray(),
                Headers = ConfluentHeaders(_deadLetter.Headers),
            };
            PublishConfluent(new TopicPartition(worker._options.DeadLetterTopic, Partition.Any), message, slot);
        }

        /// <summary>
        /// The broker refused one of the message's records for good (too large, invalid): in its place, a dead-letter
        /// record with the message's coordinates only, which the broker takes whatever the message was.
        /// </summary>
        private void DeadLetterRefused(MessageSlot slot)
        {
            string code = DeadLetterHeaders.DeliveryRefusedPrefix + ((ErrorCode)Volatile.Read(ref slot.RefusedCode)).ToString();
            DeadLetter(slot, code, -1, coordinatesOnly: true);
        }

        /// <summary>Produces with the headers laid out in <see cref="_headers"/>, pinned once.</summary>
        private void PublishWithHeaders(NativeProducer native, nint topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MessageSlot slot, long timestampMillis) =>
            PublishRecord(native, topic, _headers, key, value, slot, timestampMillis);

        private void PublishRecord(NativeProducer native, nint topic, RecordHeaders headers, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MessageSlot slot, long timestampMillis)
        {
            fixed (byte* scratch = headers.Buffer)
            {
                Span<HeaderRef> refs = stackalloc HeaderRef[headers.Count];
                headers.Fill(refs, scratch);
                PublishNative(native, topic, key, value, refs, slot, -1, timestampMillis);
            }
        }

        private void PublishNative(NativeProducer native, nint topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<HeaderRef> headers, MessageSlot slot, int partition = -1, long timestampMillis = 0)
        {
            int error = native.Produce(topic, key, value, headers, slot.Id, partition, timestampMillis);
            if (error != 0)
            {
                // With RD_KAFKA_MSG_F_BLOCK a full queue waits instead; anything else means this record was not queued.
                worker.OnDelivered(slot, error);
            }
        }

        private void PublishConfluent(TopicPartition topic, Message<byte[], byte[]> message, MessageSlot slot)
        {
            slot.Delivered ??= report => worker.OnDelivered(slot, (int)report.Error.Code);
            while (true)
            {
                try
                {
                    worker._producer!.Produce(topic, message, slot.Delivered);
                    return;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The producer's queue is full: wait for deliveries to make room (backpressure).
                    Thread.Sleep(1);
                }
            }
        }

        private byte[] TopicUtf8(string topic)
        {
            if (!ReferenceEquals(topic, _topic) && topic != _topic)
            {
                _topic = topic;
                _topicUtf8 = Encoding.UTF8.GetBytes(topic);
            }

            return _topicUtf8;
        }

        private byte[] RulesetVersion(ReadOnlySpan<byte> version)
        {
            if (!version.SequenceEqual(_rulesetVersion))
            {
                _rulesetVersion = version.ToArray();
            }

            return _rulesetVersion;
        }
    }
}
