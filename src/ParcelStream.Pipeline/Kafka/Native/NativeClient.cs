using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>Creates a librdkafka handle from properties, for <see cref="NativeProducer"/> and <see cref="NativeConsumer"/>.</summary>
internal static unsafe class NativeClient
{
    private const int ErrorTextSize = 512;

    /// <summary>Builds a configuration from <paramref name="settings"/>, lets <paramref name="configure"/> add callbacks, and creates the handle.</summary>
    /// <param name="type">RD_KAFKA_PRODUCER or RD_KAFKA_CONSUMER.</param>
    /// <param name="settings">librdkafka properties.</param>
    /// <param name="opaque">The handle's opaque (a GCHandle of the wrapper), passed to every callback.</param>
    /// <param name="configure">Sets the callbacks on the configuration.</param>
    /// <returns>The rd_kafka_t handle.</returns>
    /// <exception cref="ArgumentException">A property is unknown or has a bad value, or the client cannot be created; the message names it.</exception>
    public static nint Create(int type, IReadOnlyDictionary<string, string> settings, nint opaque, Action<nint> configure)
    {
        LibRdKafkaResolver.EnsureRegistered();
        GlibcMalloc.KeepFreedBuffers();
        nint conf = LibRdKafka.ConfNew();
        byte* error = stackalloc byte[ErrorTextSize];
        foreach ((string key, string value) in settings)
        {
            if (LibRdKafka.ConfSet(conf, key, value, error, ErrorTextSize) != LibRdKafka.ConfOk)
            {
                LibRdKafka.ConfDestroy(conf);
                throw new ArgumentException($"librdkafka property {key}: {Marshal.PtrToStringUTF8((nint)error)}", nameof(settings));
            }
        }

        RdKafkaProducerApi.ConfSetOpaque(conf, opaque);

        // librdkafka's default writes raw lines to stderr; these go through ILogger, rate-limited (KafkaLog).
        LibRdKafka.ConfSetLogCallback(conf, KafkaLog.NativeCallback);
        configure(conf);
        nint rk = LibRdKafka.New(type, conf, error, ErrorTextSize);
        if (rk == 0)
        {
            // rd_kafka_new keeps the conf only on success.
            LibRdKafka.ConfDestroy(conf);
            throw new ArgumentException($"librdkafka client: {Marshal.PtrToStringUTF8((nint)error)}", nameof(settings));
        }

        return rk;
    }
}
