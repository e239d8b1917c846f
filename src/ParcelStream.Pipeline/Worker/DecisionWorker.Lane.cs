using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Tracing;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.Worker;

/// <content>Processing lanes: decode, route, decide, publish.</content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    /// <summary>
    /// One processing thread with its own view, decision and output buffer (nothing shared, nothing locked on the
    /// per-manifest path). Partitions are pinned to lanes, so a lane sees each partition's manifests in order. The
    /// consuming thread enqueues a whole batch and then wakes the lane once, and only when it sleeps: a lane that has
    /// work drains its queue without any signalling.
    /// </summary>
    private sealed class Lane(DecisionWorker<TStage, TTransport> worker, int index) : IDisposable
    {
        private const string MissingManifestId = "InvalidManifest.MissingManifestId";

        /// <summary>The repartition record's own headers: the three source headers and the dropped count.</summary>
        private const int ForwardOwnHeaders = 4;

        /// <summary>Characters of an int formatted as text, sign included ("-2147483648").</summary>
        private const int MaxInt32Chars = 11;

        /// <summary>Characters of a long formatted as text, sign included ("-9223372036854775808").</summary>
        private const int MaxInt64Chars = 20;

        /// <summary>The cut-off header's room: a double formatted "R" takes at most 24 characters ("-1.7976931348623157E+308").</summary>
        private const int MaxCutoffChars = 32;

        /// <summary>First size of a decision's output buffer: decisions are a few hundred bytes; the buffer grows for a larger one and keeps it.</summary>
        private const int InitialDecisionBytes = 1024;

        /// <summary>First size of the decided record's buffer: ids, rule ids, seller and consignor, under 256 bytes for most.</summary>
        private const int InitialDecidedBytes = 256;

        private static readonly byte[] s_sourceTopic = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceTopic);
        private static readonly byte[] s_sourcePartition = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourcePartition);
        private static readonly byte[] s_sourceOffset = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceOffset);
        private static readonly byte[] s_headersDropped = Encoding.UTF8.GetBytes(DeadLetterHeaders.HeadersDropped);

        private readonly ConcurrentQueue<MessageSlot> _queue = new();

        // No spinning before sleeping: on a machine with few cores the spinning lane takes the core the consumer or
        // librdkafka needs.
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private readonly ManifestView _view = new();
        private readonly CustomsDecision _decision = new();
        private readonly ArrayBufferWriter<byte> _output = new(InitialDecisionBytes);
        private readonly RecordHeaders _headers = new();
        private readonly DeadLetterRecord _deadLetter = new(worker._maxRecordBytes, worker._maxValueBytes);
        private readonly ArrayBufferWriter<byte> _amendmentOutput = new(InitialDecisionBytes);
        private readonly ArrayBufferWriter<byte> _decided = new(InitialDecidedBytes);
        private readonly byte[] _riskHistory = new byte[RiskHistory.MaxFormattedLength];
        private readonly byte[] _cutoff = new byte[MaxCutoffChars];
        private readonly bool _decidedOn = !string.IsNullOrEmpty(worker._options.DecidedTopic);
        private readonly RecordTrace _trace = new();

        // The lane's own copy, made after the worker opened the transport: the clients are shared, its caches are the lane's.
        private TTransport _transport = worker._transport;
        private readonly OutputTopic _decidedTopic = string.IsNullOrEmpty(worker._options.DecidedTopic) ? default : worker._transport.Topic(worker._options.DecidedTopic);
        private readonly OutputTopic _repartitionTopic = worker._repartitionTopic is null ? default : worker._transport.Topic(worker._repartitionTopic);
        private readonly OutputTopics _topics = new(worker._options, worker._transport.Topic);
        private OutputTopic _changelogTopic;
        private StatefulChecks? _checks;
        private TStage _stage = worker._stage;
        private byte[] _topicUtf8 = [];
        private string _topic = string.Empty;
        private Thread? _thread;
        private uint _manifests;
        private int _sleeping;
        private volatile bool _completed;

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

        /// <summary>One consumed manifest, traced when something listens to <see cref="PipelineTracing.Source"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Process(MessageSlot slot)
        {
            // Tracing off (no listener): this check is all it costs; no header is looked at.
            if (PipelineTracing.Source.HasListeners())
            {
                ProcessTraced(slot);
                return;
            }

            Handle(slot);
        }

        /// <summary>One consumed manifest inside its consumer span, whose context the records produced for it carry.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ProcessTraced(MessageSlot slot)
        {
            _trace.Start(slot, worker._options.GroupId);
            try
            {
                Handle(slot);
            }
            finally
            {
                _trace.Stop();
            }
        }

        /// <summary>One consumed manifest: decode, route, decide, publish.</summary>
        private void Handle(MessageSlot slot)
        {
            if (!Decode(slot, out bool timed))
            {
                return;
            }

            if (worker._stores is not null && !worker.IsRepartition(slot.TopicPartition!))
            {
                // Stateful stages on: decided when consumed again from the repartition topic, keyed by consignee.
                if (_trace.Active)
                {
                    _trace.Forwarded(_view.ManifestId);
                }

                Forward(slot);
                return;
            }

            Decide(slot, timed);
            if (_trace.Active)
            {
                _trace.Decided(_view.ManifestId, _decision.Outcome);
            }

            Publish(_decision, slot);
        }

        /// <summary>Decodes the slot's value into <see cref="_view"/>; a value that is empty, invalid or without manifestId is dead-lettered.</summary>
        /// <param name="slot">The consumed record.</param>
        /// <param name="timed">Whether this manifest's stage timings are sampled.</param>
        /// <returns>False when the record was dead-lettered.</returns>
        private bool Decode(MessageSlot slot, out bool timed)
        {
            timed = false;
            if (slot.ValueIsNull)
            {
                DeadLetter(slot, "EmptyMessage", 0);
                return false;
            }

            // Stage timings of one manifest in WorkerCounters.StageSampleEvery: reading the clock costs more than a decode step.
            timed = ++_manifests % WorkerCounters.StageSampleEvery == 0;
            long started = timed ? Stopwatch.GetTimestamp() : 0;
            AvroError error = worker._decoder.Decode(slot.Value, 0, slot.ValueLength, _view);
            if (timed)
            {
                worker.Counters.DecodeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (error.Code == AvroErrorCode.UnknownSchemaId && worker._schemas is not null)
            {
                error = DecodeWithRegistry(slot, out bool abandoned);
                if (abandoned)
                {
                    return false;
                }
            }

            if (error.IsError)
            {
                DeadLetter(slot, error.Code.ToString(), error.Offset);
                return false;
            }

            if (_view.ManifestId.IsEmpty)
            {
                DeadLetter(slot, MissingManifestId, 0);
                return false;
            }

            return true;
        }

        /// <summary>
        /// The first message of a schema id the decoder does not know: the writer schema is fetched from the registry and
        /// resolved once (every later message of the id decodes on the fast path). While the registry is unreachable the
        /// lane waits and retries; at shutdown it gives up and leaves the message unacknowledged (consumed again after a
        /// restart). An id the registry does not know is UnknownSchemaId, a schema that is not a readable manifest
        /// SchemaMismatch: both dead-lettered by the caller.
        /// </summary>
        /// <param name="slot">The consumed record (Confluent-framed: the id is bytes 1 to 4).</param>
        /// <param name="abandoned">Whether the worker stopped while waiting: nothing is published for the record.</param>
        /// <returns>The decode's result.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private AvroError DecodeWithRegistry(MessageSlot slot, out bool abandoned)
        {
            abandoned = false;
            int id = BinaryPrimitives.ReadInt32BigEndian(slot.ValueSpan.Slice(1, sizeof(int)));
            switch (worker._schemas!.ResolveManifestWriter(id, worker._decoder, worker._stopping.Token))
            {
                case SchemaResolution.Resolved:
                    return worker._decoder.Decode(slot.Value, 0, slot.ValueLength, _view);
                case SchemaResolution.Incompatible:
                    return new AvroError(AvroErrorCode.SchemaMismatch, 1);
                case SchemaResolution.Stopped:
                    abandoned = true;
                    Interlocked.Increment(ref worker._abandoned);
                    return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
                default:
                    return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
            }
        }

        /// <summary>Fills <see cref="_decision"/>: the stage, then the stateful checks when on; counts the outcome and reasons.</summary>
        private void Decide(MessageSlot slot, bool timed)
        {
            bool stateful = worker._stores is not null;
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
                if (!double.IsNaN(decision.ModelScore))
                {
                    worker.Counters.ModelScores.Record(decision.ModelScore);
                }
            }

            worker.Counters.CreatedToDecided.Record(decision.DecidedAtMillis - _view.CreatedAtMillis);
            worker.Counters.OnDecision(decision.Outcome);
            for (int i = 0; i < decision.ReasonCount; i++)
            {
                worker.Counters.Reasons.Add(decision.ReasonCode(i));
            }
        }

        /// <summary>The decision to its outcome's topic and, when feedback is on and it stopped the parcel, what was decided to the decided topic.</summary>
        private void Publish(CustomsDecision decision, MessageSlot slot)
        {
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
            _transport.Produce(new OutgoingRecord(_decidedTopic, decision.ManifestId, _decided.WrittenSpan), slot);
        }

        /// <summary>One change of a store <paramref name="slot"/>'s manifest changed, to its changelog partition; the slot's offset waits for it.</summary>
        public void AppendChange(MessageSlot slot, string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
        {
            Interlocked.Increment(ref slot.Deliveries);
            if (!ReferenceEquals(topic, _changelogTopic.Name))
            {
                _changelogTopic = _transport.Topic(topic);
            }

            _transport.Produce(new OutgoingRecord(_changelogTopic, key, tombstone ? default : value) { Partition = partition, ValueIsNull = tombstone }, slot);
        }

        /// <summary>An amendment of an earlier parcel that <paramref name="slot"/>'s manifest caused; the slot's offset waits for it.</summary>
        public void PublishAmendment(MessageSlot slot, CustomsDecision amendment)
        {
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

            _checks ??= new StatefulChecks(worker._stateful!.Settings);
            // The repartition record is keyed by the consignee key Forward computed: read back, not folded and hashed again.
            ConsigneeKey key = ConsigneeKey.TryRead(slot.KeySpan, out ConsigneeKey forwarded) ? forwarded : ConsigneeKey.Of(_view);
            StatefulVerdict verdict = _checks.Apply(_view, key, decision, worker._stateful!.Pack, store, new RecordSink(this, slot));
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
            Span<byte> partition = stackalloc byte[MaxInt32Chars];
            Span<byte> offset = stackalloc byte[MaxInt64Chars];
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
            _transport.Produce(new OutgoingRecord(_repartitionTopic, key, slot.ValueSpan) { Headers = _headers, TimestampMillis = slot.TimestampMillis }, slot);
        }

        /// <summary>Counts original headers left out and says so in a header.</summary>
        private void HeadersDropped(int dropped)
        {
            worker.Counters.OnHeadersDropped(dropped);
            Span<byte> digits = stackalloc byte[MaxInt32Chars];
            _ = Utf8Formatter.TryFormat(dropped, digits, out int length);
            _headers.Add(s_headersDropped, digits[..length]);
        }

        /// <summary>Encodes a decision (or amendment) and produces it to its outcome's topic, keyed by tracking number.</summary>
        private void PublishDecision(CustomsDecision decision, ArrayBufferWriter<byte> output, MessageSlot slot)
        {
            output.ResetWrittenCount();
            DecisionWriter.Write(output, decision, _view.Framing, worker._options.DecisionSchemaId);
            int historyLength = decision.RiskHistory.IsKnown ? decision.RiskHistory.Format(_riskHistory) : 0;
            // The inspection cut-off: with the manifest, pack and history it reproduces the decision (rules explain --cutoff).
            int cutoffLength = !double.IsNaN(decision.Cutoff) && decision.Cutoff.TryFormat(_cutoff, out int written, "R", CultureInfo.InvariantCulture) ? written : 0;
            _transport.ProduceDecision(_topics.For(decision.Outcome), decision, output.WrittenSpan, _cutoff.AsSpan(0, cutoffLength), _riskHistory.AsSpan(0, historyLength), _trace.Headers, slot);
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
            if (_trace.Active)
            {
                _trace.DeadLettered(code);
            }

            _deadLetter.Plan(slot, Encoding.UTF8.GetBytes(code), offset, TopicUtf8(slot.TopicPartition.Topic), coordinatesOnly, _trace.Headers);
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
            var record = new OutgoingRecord(_topics.DeadLetter, key, value)
            {
                KeyIsNull = !_deadLetter.KeepsKey || slot.KeyLength < 0,
                ValueIsNull = slot.ValueIsNull,
                Headers = _deadLetter.Headers,
            };
            _transport.Produce(record, slot);
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

        private byte[] TopicUtf8(string topic)
        {
            if (!ReferenceEquals(topic, _topic) && topic != _topic)
            {
                _topic = topic;
                _topicUtf8 = Encoding.UTF8.GetBytes(topic);
            }

            return _topicUtf8;
        }
    }
}
