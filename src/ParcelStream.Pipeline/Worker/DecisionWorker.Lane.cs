using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Kafka.Native;

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
    private sealed unsafe class Lane(DecisionWorker<TStage> worker, int index) : IDisposable
    {
        private const string MissingManifestId = "InvalidManifest.MissingManifestId";

        private static readonly byte[] s_manifestIdHeader = NativeProducer.CString(DeadLetterHeaders.ManifestId);
        private static readonly byte[] s_rulesetVersionHeader = NativeProducer.CString(DeadLetterHeaders.RulesetVersion);

        private readonly ConcurrentQueue<MessageSlot> _queue = new();

        // No spinning before sleeping: on a machine with few cores the spinning lane takes the core the consumer or
        // librdkafka needs.
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private readonly ManifestView _view = new();
        private readonly CustomsDecision _decision = new();
        private readonly ArrayBufferWriter<byte> _output = new(1024);
        private readonly ArrayBufferWriter<byte> _headerScratch = new(1024);
        private readonly OutputTopics _topics = new(worker._options, worker._native);
        private TStage _stage = worker._stage;
        private byte[] _topicUtf8 = [];
        private string _topic = string.Empty;
        private byte[] _rulesetVersion = [];
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
                            Process(slot);
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

            CustomsDecision decision = _decision;
            decision.Reset();
            decision.SetManifest(_view.ManifestId, _view.TrackingNumber);
            if (worker._options.IncludeSource)
            {
                decision.SetSource(TopicUtf8(slot.TopicPartition!.Topic), slot.TopicPartition.Partition.Value, slot.Offset);
            }

            decision.DecidedAtMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long evaluating = timed ? Stopwatch.GetTimestamp() : 0;
            _stage.Evaluate(_view, decision);
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

            _output.ResetWrittenCount();
            DecisionWriter.Write(_output, decision, _view.Framing, worker._options.DecisionSchemaId);
            if (worker._native is { } native)
            {
                fixed (byte* manifestId = decision.ManifestId)
                fixed (byte* version = decision.RulesetVersion)
                fixed (byte* manifestIdName = s_manifestIdHeader)
                fixed (byte* versionName = s_rulesetVersionHeader)
                {
                    ReadOnlySpan<HeaderRef> headers =
                    [
                        new HeaderRef(manifestIdName, manifestId, decision.ManifestId.Length),
                        new HeaderRef(versionName, version, decision.RulesetVersion.Length),
                    ];
                    PublishNative(native, _topics.For(decision.Outcome), decision.TrackingNumber, _output.WrittenSpan, headers, slot);
                }

                return;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = decision.TrackingNumber.ToArray(),
                Value = _output.WrittenSpan.ToArray(),
                Headers = new Headers
                {
                    { DeadLetterHeaders.ManifestId, decision.ManifestId.ToArray() },
                    { DeadLetterHeaders.RulesetVersion, RulesetVersion(decision.RulesetVersion) },
                },
            };
            PublishConfluent(_topics.NameFor(decision.Outcome), message, slot);
        }

        /// <summary>The original bytes, key and headers, plus why and where from: nothing of the input is lost.</summary>
        private void DeadLetter(MessageSlot slot, string code, long offset)
        {
            worker.Counters.OnDeadLetter(code);
            worker.LogDeadLettered(slot.TopicPartition!.ToString(), slot.Offset, code);
            var headers = new List<(string Name, byte[] Value)>();
            for (int i = 0; i < slot.HeaderCount; i++)
            {
                headers.Add((Encoding.UTF8.GetString(slot.HeaderName(i)), slot.HeaderValue(i).ToArray()));
            }

            headers.Add((DeadLetterHeaders.ErrorCode, Encoding.UTF8.GetBytes(code)));
            headers.Add((DeadLetterHeaders.ErrorOffset, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture))));
            headers.Add((DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(slot.TopicPartition.Topic)));
            headers.Add((DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(slot.TopicPartition.Partition.Value.ToString(CultureInfo.InvariantCulture))));
            headers.Add((DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(slot.Offset.ToString(CultureInfo.InvariantCulture))));
            if (worker._native is { } native)
            {
                PublishDeadLetterNative(native, slot, headers);
                return;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = slot.KeyLength < 0 ? null! : slot.KeySpan.ToArray(),
                Value = slot.ValueIsNull ? null! : slot.ValueSpan.ToArray(),
                Headers = [],
            };
            foreach ((string name, byte[] value) in headers)
            {
                message.Headers.Add(name, value);
            }

            PublishConfluent(worker._options.DeadLetterTopic, message, slot);
        }

        private void PublishDeadLetterNative(NativeProducer native, MessageSlot slot, List<(string Name, byte[] Value)> headers)
        {
            // Header names must be null-terminated: lay names and values out in one scratch buffer, pinned once.
            _headerScratch.ResetWrittenCount();
            Span<(int Name, int Value, int Length)> at = stackalloc (int, int, int)[Math.Min(headers.Count, HeaderRef.MaxHeaders)];
            for (int i = 0; i < at.Length; i++)
            {
                int name = _headerScratch.WrittenCount;
                _headerScratch.Write(NativeProducer.CString(headers[i].Name));
                int value = _headerScratch.WrittenCount;
                _headerScratch.Write(headers[i].Value);
                at[i] = (name, value, headers[i].Value.Length);
            }

            fixed (byte* scratch = _headerScratch.WrittenSpan)
            {
                Span<HeaderRef> refs = stackalloc HeaderRef[at.Length];
                for (int i = 0; i < at.Length; i++)
                {
                    refs[i] = new HeaderRef(scratch + at[i].Name, scratch + at[i].Value, at[i].Length);
                }

                PublishNative(native, _topics.DeadLetter, slot.KeySpan, slot.ValueSpan, refs, slot);
            }
        }

        private void PublishNative(NativeProducer native, nint topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<HeaderRef> headers, MessageSlot slot)
        {
            int error = native.Produce(topic, key, value, headers, slot.Id);
            if (error != 0)
            {
                // With RD_KAFKA_MSG_F_BLOCK a full queue waits instead; anything else means this record was not queued.
                worker.OnDelivered(slot, ((ErrorCode)error).GetReason());
            }
        }

        private void PublishConfluent(string topic, Message<byte[], byte[]> message, MessageSlot slot)
        {
            slot.Delivered ??= report => worker.OnDelivered(slot, report.Error.IsError ? report.Error.Reason : null);
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
