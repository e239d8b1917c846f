namespace ParcelStream.Rules.Identifiers;

/// <summary>Harmonized System codes (customs-domain.md section 4): 6 digits internationally, 8 in the EU CN, 10 in national tariffs.</summary>
public static class HsCode
{
    /// <summary>
    /// Tells whether <paramref name="code"/> is 6, 8 or 10 ASCII digits with an existing HS chapter (01 to 97, not the
    /// reserved 77): ICS2 release 2 asks for at least the 6-digit subheading (customs-domain.md section 2).
    /// </summary>
    /// <param name="code">ASCII bytes.</param>
    /// <returns>False for any other length, a non-digit, or chapter 00, 77 or 98-99.</returns>
    public static bool IsValid(ReadOnlySpan<byte> code)
    {
        if (code.Length is not (6 or 8 or 10))
        {
            return false;
        }

        foreach (byte b in code)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        int chapter = ((code[0] - '0') * 10) + (code[1] - '0');
        return chapter is >= 1 and <= 97 and not 77;
    }
}
