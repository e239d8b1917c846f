using System.Buffers;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// The changelog codecs a restore reads back from Kafka: the split-shipment store's (<see cref="ParcelWindowCodec"/>
/// through <see cref="KeyValueStore{TKey, TValue, TCodec}.Restore"/>) and the feedback statistics values
/// (<see cref="StatsRecord"/>). Input layout: a flags byte (bit 0: tombstone), a 16-byte key, then the value with its
/// 8-byte event-time prefix. Nothing may throw; what is read must be written back to the same bytes (the store's
/// format has one encoding per value) or, for the Avro statistics, to the same values.
/// </summary>
public static class ChangelogFuzzTarget
{
    /// <summary>Bytes before the value: the flags byte and the key.</summary>
    public const int HeaderLength = 1 + ConsigneeKey.Size;

    /// <summary>Restores <paramref name="input"/> into a store and reads it as a window and a statistics value.</summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">A codec broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        Restore(input);
        Window(input);
        Statistics(input);
    }

    private static void Restore(ReadOnlySpan<byte> input)
    {
        bool tombstone = !input.IsEmpty && (input[0] & 1) != 0;
        ReadOnlySpan<byte> key = input.Length <= 1 ? default : input.Slice(1, Math.Min(ConsigneeKey.Size, input.Length - 1));
        ReadOnlySpan<byte> value = input.Length <= HeaderLength ? default : input[HeaderLength..];
        var store = new KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>("fuzz", 0, null, null, TimeSpan.FromDays(1));
        bool restored = store.Restore(key, value, tombstone);
        if (restored != (store.RestoreErrors == 0))
        {
            FuzzCheck.Fail($"Restore returned {restored} with {store.Restored} restored and {store.RestoreErrors} errors");
        }

        if (restored && !tombstone)
        {
            if (!ConsigneeKey.TryRead(key, out ConsigneeKey k) || !store.TryGet(k, out ParcelWindow? window))
            {
                FuzzCheck.Fail("a restored key is not in the store");
                return;
            }

            CheckRewrite(window, value[KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>.ValuePrefix..]);
        }

        _ = store.ExpireNow();
    }

    private static void Window(ReadOnlySpan<byte> input)
    {
        ParcelWindowCodec codec = default;
        if (codec.TryReadValue(input, out ParcelWindow? window))
        {
            CheckRewrite(window, input);
        }
    }

    private static void CheckRewrite(ParcelWindow window, ReadOnlySpan<byte> read)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(16, read.Length));
        default(ParcelWindowCodec).WriteValue(window, buffer);
        if (!buffer.WrittenSpan.SequenceEqual(read))
        {
            FuzzCheck.Fail($"a window of {window.Count} parcels read from {read.Length} bytes is written back as {buffer.WrittenCount} other bytes");
        }
    }

    private static void Statistics(ReadOnlySpan<byte> input)
    {
        if (!StatsRecord.TryReadValue(input, out StatsLine line))
        {
            return;
        }

        if (!StatsRecord.TryReadValue(StatsRecord.Value(line), out StatsLine back) || back != line)
        {
            FuzzCheck.Fail($"statistics value {line} does not read back once written");
        }
    }
}
