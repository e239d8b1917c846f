using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// Turns a store's keys and values into changelog bytes and back. Implemented by structs so the store calls it
/// without virtual dispatch.
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
public interface IStoreCodec<TKey, TValue>
{
    /// <summary>Writes a key.</summary>
    void WriteKey(in TKey key, IBufferWriter<byte> output);

    /// <summary>Reads a key.</summary>
    /// <returns>False when the bytes are not a key of this store (the record is skipped and counted).</returns>
    bool TryReadKey(ReadOnlySpan<byte> data, out TKey key);

    /// <summary>Writes a value.</summary>
    void WriteValue(TValue value, IBufferWriter<byte> output);

    /// <summary>Reads a value.</summary>
    /// <returns>False when the bytes are corrupt (the record is skipped and counted).</returns>
    bool TryReadValue(ReadOnlySpan<byte> data, [MaybeNullWhen(false)] out TValue value);
}
