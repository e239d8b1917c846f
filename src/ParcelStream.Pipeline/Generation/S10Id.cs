namespace ParcelStream.Pipeline.Generation;

/// <summary>UPU S10 item ids (customs-domain.md section 4): 2 letters, 8-digit serial, check digit, ISO country code.</summary>
internal static class S10Id
{
    private static readonly int[] s_weights = [8, 6, 4, 2, 3, 5, 9, 7];

    /// <summary>The check digit of an 8-digit serial: weights 8,6,4,2,3,5,9,7, C = 11 - (S mod 11), 10 -> 0, 11 -> 5.</summary>
    /// <param name="serial">The 8 serial digits.</param>
    /// <returns>The check digit, 0-9.</returns>
    public static int CheckDigit(ReadOnlySpan<char> serial)
    {
        if (serial.Length != 8)
        {
            throw new ArgumentException("An S10 serial has 8 digits.", nameof(serial));
        }

        int sum = 0;
        for (int i = 0; i < 8; i++)
        {
            int d = serial[i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException("An S10 serial has 8 digits.", nameof(serial));
            }

            sum += d * s_weights[i];
        }

        int c = 11 - (sum % 11);
        return c switch
        {
            10 => 0,
            11 => 5,
            _ => c,
        };
    }

    /// <summary>Whether <paramref name="id"/> is a well-formed S10 id with a correct check digit.</summary>
    /// <param name="id">The candidate id.</param>
    /// <returns>False for a wrong length, wrong character classes or a wrong check digit.</returns>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length != 13 || !char.IsAsciiLetterUpper(id[0]) || !char.IsAsciiLetterUpper(id[1])
            || !char.IsAsciiLetterUpper(id[11]) || !char.IsAsciiLetterUpper(id[12]))
        {
            return false;
        }

        for (int i = 2; i < 11; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }
        }

        return CheckDigit(id.Slice(2, 8)) == id[10] - '0';
    }

    /// <summary>Builds an id; <paramref name="wrongCheckDigit"/> writes a check digit that is deliberately wrong.</summary>
    public static string Create(DeterministicRandom random, string serviceIndicator, string countryCode, bool wrongCheckDigit = false)
    {
        Span<char> id = stackalloc char[13];
        id[0] = serviceIndicator[0];
        id[1] = serviceIndicator[1];
        for (int i = 2; i < 10; i++)
        {
            id[i] = random.Digit();
        }

        int check = CheckDigit(id.Slice(2, 8));
        if (wrongCheckDigit)
        {
            check = (check + random.Between(1, 9)) % 10;
        }

        id[10] = (char)('0' + check);
        id[11] = countryCode[0];
        id[12] = countryCode[1];
        return new string(id);
    }
}
