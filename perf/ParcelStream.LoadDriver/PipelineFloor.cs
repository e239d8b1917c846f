using System.Buffers;
using System.Diagnostics;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.LoadDriver;

/// <summary>
/// The floor of any consume-transform-produce worker on librdkafka: bare librdkafka's poll loop that, for each record,
/// produces one record of a decision's size with the worker's two headers through the worker's own producer settings
/// and counts it done when the broker acknowledged it. No decoding, no rules, no commit. The worker cannot be faster
/// than this on the same machine, so its rate over the bare consumer's bounds what the worker's can be.
/// </summary>
internal static unsafe class PipelineFloor
{
    /// <summary>The topic the floor produces to (created like the worker's decisions topic).</summary>
    public const string Topic = "floor-decisions";

    private static readonly byte[] s_manifestIdHeader = NativeProducer.CString("parcelstream.manifest-id");
    private static readonly byte[] s_rulesetHeader = NativeProducer.CString("parcelstream.ruleset-version");

    /// <summary>Consumes <paramref name="count"/> records and produces one decision-sized record for each.</summary>
    /// <returns>Records acknowledged per second, from the first record consumed to the last acknowledged.</returns>
    public static double Rate(string bootstrap, string topic, int count, Dictionary<string, string> kafka, RuleEngine engine)
    {
        int decisionBytes = TypicalDecisionBytes(engine);
        var pool = new SlotPool();
        var acks = new Acknowledgements();
        using var producer = new NativeProducer(KafkaSettings.DecisionProducer(bootstrap, new WorkerOptions().MaxInFlight, kafka), acks);
        nint output = producer.Topic(Topic);
        using var consumer = new NativeConsumer(Program.BareConsumerSettings(bootstrap, kafka, "floor-"), new Program.NoRebalanceWork(), pool);
        consumer.Subscribe(topic);
        var slots = new MessageSlot[1024];
        byte[] ruleset = "2026.11.1"u8.ToArray();
        HeaderRef* headers = stackalloc HeaderRef[2];
        int seen = 0;
        Stopwatch? clock = null;
        while (seen < count)
        {
            int n = consumer.PollBatch(slots, 1000, out _);
            clock ??= n > 0 ? Stopwatch.StartNew() : null;
            for (int i = 0; i < n; i++)
            {
                MessageSlot slot = slots[i];
                ReadOnlySpan<byte> value = slot.ValueSpan;
                fixed (byte* id = value)
                fixed (byte* version = ruleset)
                fixed (byte* idName = s_manifestIdHeader)
                fixed (byte* versionName = s_rulesetHeader)
                {
                    // The manifestId header is as long as a generated id; its bytes do not matter to librdkafka.
                    headers[0] = new HeaderRef(idName, id, Math.Min(24, value.Length));
                    headers[1] = new HeaderRef(versionName, version, ruleset.Length);
                    int error = producer.Produce(output, slot.KeySpan, value[..Math.Min(decisionBytes, value.Length)], new ReadOnlySpan<HeaderRef>(headers, 2), seen);
                    if (error != 0)
                    {
                        throw new InvalidOperationException($"produce failed: {(ErrorCode)error}");
                    }
                }

                seen++;
                pool.Return(slot);
            }
        }

        while (Volatile.Read(ref acks.Delivered) < count)
        {
            if (acks.Failure is { } failure)
            {
                throw new InvalidOperationException($"delivery failed: {failure}");
            }

            Thread.Sleep(1);
        }

        double rate = count / clock!.Elapsed.TotalSeconds;
        consumer.Close();
        return rate;
    }

    /// <summary>The encoded size of the decision for the generator's first manifest (clean parcels dominate the mix).</summary>
    private static int TypicalDecisionBytes(RuleEngine engine)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new ManifestGenerator(new GeneratorOptions { Seed = 7 }).NextMessage(buffer, MessageFraming.Confluent);
        var view = new ManifestView();
        AvroError error = new ManifestDecoder(SchemaRegistry.Default).Decode(buffer.WrittenMemory.ToArray(), 0, buffer.WrittenCount, view);
        if (error.IsError)
        {
            throw new InvalidOperationException(error.ToString());
        }

        var decision = new CustomsDecision();
        engine.Evaluate(view, decision);
        var encoded = new ArrayBufferWriter<byte>();
        return (int)DecisionWriter.Write(encoded, decision, MessageFraming.Confluent);
    }

    private sealed class Acknowledgements : DeliveryTarget
    {
        public long Delivered;
        public string? Failure;

        public override void OnDeliveries(ReadOnlySpan<DeliveredRecord> records)
        {
            foreach (DeliveredRecord record in records)
            {
                if (record.Error != 0)
                {
                    Failure ??= ((ErrorCode)record.Error).ToString();
                }
            }

            Interlocked.Add(ref Delivered, records.Length);
        }

        public override void OnError(int error, string reason)
        {
        }
    }
}
