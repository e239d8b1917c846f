using Confluent.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Uses Confluent.Kafka's span deserializer seam to copy key and value straight from librdkafka's buffer into a
/// pooled <see cref="MessageSlot"/>: no byte[] per message. Confluent calls the key deserializer, then the value
/// deserializer, on the consuming thread, so the key waits in <see cref="_pending"/> for its value.
/// </summary>
internal sealed class SlotDeserializers(SlotPool pool) : IDeserializer<SlotKey>, IDeserializer<MessageSlot>
{
    private MessageSlot? _pending;

    SlotKey IDeserializer<SlotKey>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        MessageSlot slot = _pending ??= pool.Rent();
        slot.SetKey(data, isNull);
        return default;
    }

    MessageSlot IDeserializer<MessageSlot>.Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        MessageSlot slot = _pending ?? pool.Rent();
        _pending = null;
        slot.SetValue(data, isNull);
        return slot;
    }
}

/// <summary>Placeholder key type: the key bytes live in the slot.</summary>
internal readonly struct SlotKey;
