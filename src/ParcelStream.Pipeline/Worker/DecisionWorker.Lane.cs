using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Pipeline.Worker;

/// <content>Processing lanes: decode, decide, publish.</content>
public sealed partial class DecisionWorker<TStage>
{
    /// <summary>
    /// One processing thread with its own view, decision and output buffer (nothing shared, nothing locked on the
    /// per-manifest path). Partitions are pinned to lanes, so a lane sees each partition's manifests in order.
    /// </summary>
    private sealed class Lane(DecisionWorker<TStage> worker, int index) : IDisposable
    {
        private const string MissingManifestId = "InvalidManifest.MissingManifestId";

        private readonly BlockingCollection<MessageSlot> _queue = new(new ConcurrentQueue<MessageSlot>());
        private readonly ManifestView _view = new();
        private readonly CustomsDecision _decision = new();
        private readonly ArrayBufferWriter<byte> _output = new(1024);
        private TStage _stage = worker._stage;
        private byte[] _topicUtf8 = [];
        private string _topic = string.Empty;
        private byte[] _rulesetVersion = [];
        private Thread? _thread;

        public void Start()
        {
            _thread = new Thread(Run) { Name = $"parcelstream-lane-{index}", IsBackground = true };
            _thread.Start();
        }

        public void Enqueue(MessageSlot slot) => _queue.Add(slot);

        public void Complete() => _queue.CompleteAdding();

        public void Join() => _thread?.Join();

        public void Dispose() => _queue.Dispose();

        private void Run()
        {
            try
            {
                foreach (MessageSlot slot in _queue.GetConsumingEnumerable())
                {
                    if (worker._fatal is not null)
                    {
                        // After a fatal error nothing more is published; what was consumed is redone after a restart.
                        continue;
                    }

                    Process(slot);
                }
            }
            catch (Exception ex)
            {
                worker._fatal ??= ex;
            }
        }

        private void Process(MessageSlot slot)
        {
            if (slot.ValueIsNull)
            {
                DeadLetter(slot, "EmptyMessage", 0);
                return;
            }

            AvroError error = worker._decoder.Decode(slot.Value, 0, slot.ValueLength, _view);
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
            _stage.Evaluate(_view, decision);

            _output.ResetWrittenCount();
            DecisionWriter.Write(_output, decision, _view.Framing, worker._options.DecisionSchemaId);
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
            worker.Counters.OnDecision(decision.Outcome);
            for (int i = 0; i < decision.ReasonCount; i++)
            {
                worker.Counters.Reasons.Add(decision.ReasonCode(i));
            }

            Publish(TopicFor(decision.Outcome), message, slot);
        }

        private void DeadLetter(MessageSlot slot, string code, long offset)
        {
            var headers = new Headers();
            if (slot.Headers is not null)
            {
                foreach (IHeader h in slot.Headers)
                {
                    headers.Add(h.Key, h.GetValueBytes());
                }
            }

            headers.Add(DeadLetterHeaders.ErrorCode, Encoding.UTF8.GetBytes(code));
            headers.Add(DeadLetterHeaders.ErrorOffset, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
            headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(slot.TopicPartition!.Topic));
            headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(slot.TopicPartition.Partition.Value.ToString(CultureInfo.InvariantCulture)));
            headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(slot.Offset.ToString(CultureInfo.InvariantCulture)));
            var message = new Message<byte[], byte[]>
            {
                Key = slot.KeyLength < 0 ? null! : slot.KeySpan.ToArray(),
                Value = slot.ValueIsNull ? null! : slot.ValueSpan.ToArray(),
                Headers = headers,
            };
            worker.Counters.OnDeadLetter();
            worker.LogDeadLettered(slot.TopicPartition.ToString(), slot.Offset, code);
            Publish(worker._options.DeadLetterTopic, message, slot);
        }

        private void Publish(string topic, Message<byte[], byte[]> message, MessageSlot slot)
        {
            slot.Delivered ??= report => worker.OnDelivered(slot, report.Error);
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

        private string TopicFor(Outcome outcome)
        {
            WorkerOptions o = worker._options;
            if (!string.IsNullOrEmpty(o.DecisionTopic))
            {
                return o.DecisionTopic;
            }

            return outcome switch
            {
                Outcome.Inspect => o.InspectTopic,
                Outcome.Hold => o.HoldTopic,
                _ => o.ReleaseTopic,
            };
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
