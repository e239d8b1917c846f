namespace ParcelStream.Rules.Identifiers;

/// <summary>EU Import One-Stop-Shop VAT identification numbers: "IM" followed by 10 digits (customs-domain.md section 3).</summary>
public static class IossNumber
{
    /// <summary>Length of an IOSS number.</summary>
    public const int Length = 12;

    /// <summary>Tells whether <paramref name="value"/> is "IM" followed by exactly 10 ASCII digits.</summary>
    /// <param name="value">ASCII bytes.</param>
    /// <returns>False for anything else (lower-case "im", spaces, 9 or 11 digits).</returns>
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length || value[0] != (byte)'I' || value[1] != (byte)'M')
        {
            return false;
        }

        foreach (byte b in value[2..])
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }
}
