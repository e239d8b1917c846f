using System.Runtime.CompilerServices;
using System.Text;

namespace ParcelStream.Rules.Text;

/// <summary>
/// A set of strings looked up by UTF-8 span without allocating: open addressing over a 64-bit hash, ASCII letters
/// compared case-insensitively and surrounding ASCII white space ignored (so "N/A " equals "n/a").
/// </summary>
internal sealed class Utf8Set
{
    private readonly byte[]?[] _slots;
    private readonly ulong[] _hashes;
    private readonly int _mask;
    private readonly int _minLength;
    private readonly int _maxLength;

    /// <summary>Builds the set.</summary>
    /// <param name="values">The strings.</param>
    public Utf8Set(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        byte[][] keys = values.Select(v => Encoding.UTF8.GetBytes(v.Trim())).ToArray();
        int size = 8;
        while (size < keys.Length * 2)
        {
            size *= 2;
        }

        _slots = new byte[]?[size];
        _hashes = new ulong[size];
        _mask = size - 1;
        foreach (byte[] key in keys)
        {
            ulong hash = Hash(key);
            int slot = (int)hash & _mask;
            while (_slots[slot] is { } existing)
            {
                if (_hashes[slot] == hash && EqualsIgnoreCase(existing, key))
                {
                    break;
                }

                slot = (slot + 1) & _mask;
            }

            _slots[slot] = key;
            _hashes[slot] = hash;
        }

        Count = keys.Length;
        _minLength = keys.Length == 0 ? 0 : keys.Min(k => k.Length);
        _maxLength = keys.Length == 0 ? -1 : keys.Max(k => k.Length);
    }

    /// <summary>Gets the number of strings given (duplicates included).</summary>
    public int Count { get; }

    /// <summary>Tells whether the set holds <paramref name="value"/>.</summary>
    /// <param name="value">UTF-8 bytes.</param>
    /// <returns>True when it does.</returns>
    public bool Contains(ReadOnlySpan<byte> value)
    {
        value = Trim(value);
        if (value.Length < _minLength || value.Length > _maxLength)
        {
            return false;
        }

        ulong hash = Hash(value);
        int slot = (int)hash & _mask;
        while (_slots[slot] is { } key)
        {
            if (_hashes[slot] == hash && EqualsIgnoreCase(key, value))
            {
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        return false;
    }

    /// <summary>Compares ASCII letters case-insensitively, other bytes exactly.</summary>
    /// <param name="a">One value.</param>
    /// <param name="b">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (Lower(a[i]) != Lower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes leading and trailing ASCII white space.</summary>
    /// <param name="value">UTF-8 bytes.</param>
    /// <returns>The trimmed slice.</returns>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        int start = 0;
        int end = value.Length;
        while (start < end && IsSpace(value[start]))
        {
            start++;
        }

        while (end > start && IsSpace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>Tells whether a value has a byte other than ASCII white space (what <see cref="Trim"/> would leave non-empty).</summary>
    /// <param name="value">UTF-8 bytes.</param>
    /// <returns>False for empty or only white space.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasNonSpace(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
        {
            if (!IsSpace(b))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Lower(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    private static ulong Hash(ReadOnlySpan<byte> value)
    {
        var hash = StableHash.Start;
        foreach (byte b in value)
        {
            hash = StableHash.Add(hash, Lower(b));
        }

        return StableHash.Finish(hash);
    }
}
