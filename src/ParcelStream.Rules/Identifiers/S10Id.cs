using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Identifiers;

/// <summary>
/// UPU S10 item identifiers (customs-domain.md section 4): two service-indicator letters, an 8-digit serial, one check
/// digit and an ISO 3166-1 alpha-2 country code, e.g. RR123456785CN.
/// </summary>
public static class S10Id
{
    /// <summary>Length of an S10 identifier.</summary>
    public const int Length = 13;

    /// <summary>Tells whether <paramref name="id"/> is a well-formed S10 identifier whose check digit is right.</summary>
    /// <param name="id">ASCII bytes of the identifier.</param>
    /// <returns>False for a wrong length, a letter or digit out of place, or a wrong check digit.</returns>
    public static bool IsValid(ReadOnlySpan<byte> id)
    {
        if (id.Length != Length || !IsUpper(id[0]) || !IsUpper(id[1]) || !IsUpper(id[11]) || !IsUpper(id[12]))
        {
            return false;
        }

        int check = CheckDigit(id.Slice(2, 8));
        return check >= 0 && id[10] == (byte)('0' + check);
    }

    /// <summary>Tells whether <paramref name="id"/> is a well-formed S10 identifier whose check digit is right.</summary>
    /// <param name="id">The identifier.</param>
    /// <returns>False when it is not.</returns>
    public static bool IsValid(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> ascii = stackalloc byte[Length];
        if (id.Length != Length)
        {
            return false;
        }

        for (int i = 0; i < Length; i++)
        {
            if (id[i] > 0x7F)
            {
                return false;
            }

            ascii[i] = (byte)id[i];
        }

        return IsValid(ascii);
    }

    /// <summary>
    /// Computes the check digit of an 8-digit serial: weights 8,6,4,2,3,5,9,7, C = 11 - (S mod 11), 10 gives 0 and
    /// 11 gives 5 (customs-domain.md section 4; 12345678 gives 5).
    /// </summary>
    /// <param name="serial">The eight ASCII digits.</param>
    /// <returns>The check digit 0..9, or -1 when the serial is not eight digits.</returns>
    public static int CheckDigit(ReadOnlySpan<byte> serial)
    {
        if (serial.Length != 8)
        {
            return -1;
        }

        ReadOnlySpan<byte> weights = [8, 6, 4, 2, 3, 5, 9, 7];
        int sum = 0;
        for (int i = 0; i < 8; i++)
        {
            int digit = serial[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            sum += digit * weights[i];
        }

        int check = 11 - (sum % 11);
        return check switch
        {
            10 => 0,
            11 => 5,
            _ => check,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUpper(byte b) => (uint)(b - 'A') <= 'Z' - 'A';
}
