using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// An idempotent librdkafka producer driven through P/Invoke: no managed object per message. Each record carries an
/// opaque number that comes back in its delivery report. Delivery reports arrive as events (RD_KAFKA_EVENT_DR), many
/// per event, and go to <see cref="DeliveryTarget"/> in batches on this producer's own poll thread: one call into
/// managed code per batch rather than one callback per record. Used by the worker's at-least-once path; the
/// transactional path stays on Confluent.Kafka's producer.
/// </summary>
internal sealed unsafe class NativeProducer : IDisposable
{
    /// <summary>Most delivery reports taken out of one event per call of the target.</summary>
    private const int ReportBatch = 512;

    private readonly DeliveryTarget _target;
    private readonly Thread _poller;
    private readonly DeliveredRecord[] _reports = new DeliveredRecord[ReportBatch];
    private readonly Dictionary<string, nint> _topics = new(StringComparer.Ordinal);
    private readonly Lock _topicsLock = new();
    private GCHandle _self;
    private nint _rk;
    private nint _queue;
    private volatile bool _stopping;

    /// <summary>Creates the producer; the settings are librdkafka properties.</summary>
    /// <exception cref="ArgumentException">A property is unknown or has a bad value; the message names it.</exception>
    public NativeProducer(IReadOnlyDictionary<string, string> settings, DeliveryTarget target)
    {
        _target = target;
        _self = GCHandle.Alloc(this);
        try
        {
            _rk = NativeClient.Create(LibRdKafka.ProducerType, settings, GCHandle.ToIntPtr(_self), static conf =>
            {
                RdKafkaQueueApi.ConfSetEvents(conf, RdKafkaQueueApi.EventDeliveryReport);
                RdKafkaProducerApi.ConfSetErrorCallback(conf, &OnError);
            });
        }
        catch
        {
            _self.Free();
            throw;
        }

        _queue = RdKafkaQueueApi.GetMain(_rk);

        _poller = new Thread(PollLoop) { Name = "parcelstream-producer-poll", IsBackground = true };
        _poller.Start();
    }

    /// <summary>Makes a null-terminated UTF-8 copy of a string, as librdkafka wants topic and header names.</summary>
    public static byte[] CString(string value) => Encoding.UTF8.GetBytes(value + "\0");

    /// <summary>
    /// Gets librdkafka's handle of a topic, made once per name and destroyed with the producer: producing by handle
    /// spares librdkafka a lookup by name under its handle-wide write lock for every record.
    /// </summary>
    /// <exception cref="ArgumentException">librdkafka refused the topic name.</exception>
    public nint Topic(string name)
    {
        lock (_topicsLock)
        {
            if (!_topics.TryGetValue(name, out nint handle))
            {
                handle = RdKafkaProducerApi.TopicNew(_rk, name, 0);
                if (handle == 0)
                {
                    throw new ArgumentException($"librdkafka refused the topic '{name}'.", nameof(name));
                }

                _topics[name] = handle;
            }

            return handle;
        }
    }

    /// <summary>
    /// Queues one record. Blocks while librdkafka's queue is full (backpressure). Key, value and headers are copied
    /// before this returns.
    /// </summary>
    /// <param name="topic">A handle from <see cref="Topic"/>.</param>
    /// <param name="key">The key; empty for none.</param>
    /// <param name="value">The value.</param>
    /// <param name="headers">Header names (null-terminated UTF-8) and values.</param>
    /// <param name="opaque">Returned in the delivery report.</param>
    /// <param name="partition">The partition; -1 (RD_KAFKA_PARTITION_UA) lets the partitioner pick it from the key.</param>
    /// <param name="timestampMillis">The record timestamp; 0 for the producer's clock.</param>
    /// <returns>0, or the librdkafka error code when the record could not be queued.</returns>
    [SkipLocalsInit] // every entry passed to librdkafka is written first (no measurable gain: perf/results/produce-2026-12-06.md)
    public int Produce(nint topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<HeaderRef> headers, long opaque, int partition = -1, long timestampMillis = 0)
    {
        const int Fixed = 8;
        if (headers.Length > HeaderRef.MaxHeaders)
        {
            throw new ArgumentOutOfRangeException(nameof(headers), $"At most {HeaderRef.MaxHeaders} headers.");
        }

        int count = Fixed + headers.Length;
        RdKafkaVu* vus = stackalloc RdKafkaVu[count];

        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            vus[0] = RdKafkaVu.Of(RdKafkaVu.TopicHandle, topic);
            vus[1] = RdKafkaVu.Of(RdKafkaVu.Key, key.IsEmpty ? 0 : (nint)k, key.Length);
            vus[2] = RdKafkaVu.Of(RdKafkaVu.Value, (nint)v, value.Length);
            vus[3] = RdKafkaVu.Of(RdKafkaVu.MsgFlags, RdKafkaProducerApi.MsgFlagCopy | RdKafkaProducerApi.MsgFlagBlock);
            vus[4] = RdKafkaVu.Of(RdKafkaVu.Opaque, (nint)opaque);
            vus[5] = RdKafkaVu.Of(RdKafkaVu.Partition, partition);
            vus[6] = RdKafkaVu.Of(RdKafkaVu.Timestamp, (nint)timestampMillis);
            for (int i = 0; i < headers.Length; i++)
            {
                vus[7 + i] = RdKafkaVu.Of(RdKafkaVu.Header, (nint)headers[i].Name, (nint)headers[i].Value, headers[i].Length);
            }

            vus[count - 1] = RdKafkaVu.Of(RdKafkaVu.End, 0);
            nint error = RdKafkaProducerApi.ProduceVa(_rk, vus, (nuint)(count - 1));
            if (error == 0)
            {
                return 0;
            }

            int code = RdKafkaProducerApi.ErrorCode(error);
            RdKafkaProducerApi.ErrorDestroy(error);
            return code;
        }
    }

    /// <summary>Waits until every queued record is delivered (or failed).</summary>
    /// <returns>True when nothing is left in flight.</returns>
    public bool Flush(TimeSpan timeout) => RdKafkaProducerApi.Flush(_rk, (int)timeout.TotalMilliseconds) == 0;

    public void Dispose()
    {
        if (_rk == 0)
        {
            return;
        }

        _stopping = true;
        _poller.Join();
        foreach (nint topic in _topics.Values)
        {
            RdKafkaProducerApi.TopicDestroy(topic);
        }

        RdKafkaQueueApi.Destroy(_queue);
        LibRdKafka.Destroy(_rk);
        _rk = 0;
        _self.Free();
    }

    [UnmanagedCallersOnly]
    private static void OnError(nint rk, int error, byte* reason, nint opaque)
    {
        var self = (NativeProducer)GCHandle.FromIntPtr(opaque).Target!;
        self._target.OnError(error, Marshal.PtrToStringUTF8((nint)reason) ?? string.Empty);
    }

    private void PollLoop()
    {
        RdKafkaMessage** messages = stackalloc RdKafkaMessage*[ReportBatch];
        while (!_stopping)
        {
            _ = Serve(100, messages);
        }

        // Serve the reports of whatever completed while stopping.
        while (Serve(0, messages))
        {
        }
    }

    /// <summary>Serves one event from the main queue (error callbacks are served inside the poll).</summary>
    /// <returns>False when the queue was empty.</returns>
    private bool Serve(int timeoutMs, RdKafkaMessage** messages)
    {
        nint ev = RdKafkaQueueApi.Poll(_queue, timeoutMs);
        if (ev == 0)
        {
            return false;
        }

        try
        {
            if (RdKafkaQueueApi.EventType(ev) == RdKafkaQueueApi.EventDeliveryReport)
            {
                int count;
                while ((count = (int)RdKafkaQueueApi.EventMessages(ev, messages, ReportBatch)) > 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        _reports[i] = new DeliveredRecord((long)messages[i]->Private, messages[i]->Error);
                    }

                    _target.OnDeliveries(_reports.AsSpan(0, count));
                }
            }
        }
        finally
        {
            RdKafkaQueueApi.EventDestroy(ev);
        }

        return true;
    }
}
