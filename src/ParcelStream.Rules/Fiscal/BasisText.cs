using System.Globalization;

namespace ParcelStream.Rules.Fiscal;

/// <summary>Builds a short UTF-8 text (an assessment's duty basis) in a caller's stack buffer, without allocating; text past the end is cut.</summary>
internal ref struct BasisText(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _length;

    /// <summary>Gets the text written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends bytes.</summary>
    /// <param name="text">UTF-8.</param>
    public void Add(scoped ReadOnlySpan<byte> text)
    {
        int n = Math.Min(text.Length, _buffer.Length - _length);
        text[..n].CopyTo(_buffer[_length..]);
        _length += n;
    }

    /// <summary>Appends a number with up to two decimals ("3", "2.7", "19").</summary>
    /// <param name="value">The number.</param>
    public void Number(double value)
    {
        if (value.TryFormat(_buffer[_length..], out int written, "0.##", CultureInfo.InvariantCulture))
        {
            _length += written;
        }
    }

    /// <summary>Appends an amount: currency code and the minor units as a decimal ("EUR 180.00").</summary>
    /// <param name="currency">ISO 4217 code.</param>
    /// <param name="minor">Minor units (not negative).</param>
    /// <param name="exponent">Minor-unit digits.</param>
    public void Money(scoped ReadOnlySpan<byte> currency, long minor, int exponent)
    {
        Add(currency);
        Add(" "u8);
        long scale = 1;
        for (int i = 0; i < exponent; i++)
        {
            scale *= 10;
        }

        Integer(minor / scale);
        if (exponent > 0)
        {
            Add("."u8);
            if ((minor % scale).TryFormat(_buffer[_length..], out int written, exponent switch { 1 => "D1", 2 => "D2", 3 => "D3", _ => "D4" }, CultureInfo.InvariantCulture))
            {
                _length += written;
            }
        }
    }

    /// <summary>Appends an integer.</summary>
    /// <param name="value">The integer.</param>
    public void Integer(long value)
    {
        if (value.TryFormat(_buffer[_length..], out int written, default, CultureInfo.InvariantCulture))
        {
            _length += written;
        }
    }
}
