using ParcelStream.Rules.Identifiers;

namespace ParcelStream.DevTools.Generation;

/// <summary>Builds UPU S10 postal item ids (customs-domain.md section 4) with the check digit of Rules' <see cref="S10Id"/>.</summary>
internal static class S10Builder
{
    /// <summary>Builds an id; <paramref name="wrongCheckDigit"/> writes a check digit that is deliberately wrong.</summary>
    /// <param name="random">The generator's random source (the 8 serial digits, and the wrong digit).</param>
    /// <param name="serviceIndicator">Two upper-case letters, e.g. "RR".</param>
    /// <param name="countryCode">The ISO alpha-2 code of the origin, e.g. "CN".</param>
    /// <param name="wrongCheckDigit">Whether to write a wrong check digit.</param>
    /// <returns>The 13-character id.</returns>
    public static string Create(DeterministicRandom random, string serviceIndicator, string countryCode, bool wrongCheckDigit = false)
    {
        Span<byte> id = stackalloc byte[S10Id.Length];
        id[0] = (byte)serviceIndicator[0];
        id[1] = (byte)serviceIndicator[1];
        for (int i = 2; i < 10; i++)
        {
            id[i] = (byte)random.Digit();
        }

        int check = S10Id.CheckDigit(id.Slice(2, 8));
        if (wrongCheckDigit)
        {
            check = (check + random.Between(1, 9)) % 10;
        }

        id[10] = (byte)('0' + check);
        id[11] = (byte)countryCode[0];
        id[12] = (byte)countryCode[1];
        return System.Text.Encoding.ASCII.GetString(id);
    }
}
