using System.Buffers.Text;

namespace ParcelStream.Codec.Decisions;

/// <summary>
/// The inspection history a decision was made with: the seller's and the consignor's FOUND and inspected counts and
/// the Beta prior, from the feedback statistics. With the manifest and the rule pack it fully determines the decision,
/// so it is recorded with each decision (header <c>parcelstream.risk-history</c>). The default value means "no feedback
/// statistics" and gives NaN risks, which fail every comparison.
/// </summary>
/// <param name="SellerFound">Inspections of the seller's parcels that found something.</param>
/// <param name="SellerInspected">Inspections of the seller's parcels with a result.</param>
/// <param name="ConsignorFound">Inspections of the consignor's parcels that found something.</param>
/// <param name="ConsignorInspected">Inspections of the consignor's parcels with a result.</param>
/// <param name="PriorAlpha">Beta prior alpha0 (pseudo-count of FOUND), above 0 when known.</param>
/// <param name="PriorBeta">Beta prior beta0 (pseudo-count of CLEAN), above 0 when known.</param>
/// <param name="SellerBaselineFound">Of the seller's parcels picked at random or explored, inspections that found something.</param>
/// <param name="SellerBaselineInspected">Of those, inspections with a result: the seller's unbiased sample.</param>
public readonly record struct RiskHistory(long SellerFound, long SellerInspected, long ConsignorFound, long ConsignorInspected, double PriorAlpha, double PriorBeta, long SellerBaselineFound = 0, long SellerBaselineInspected = 0)
{
    /// <summary>Upper bound of <see cref="Format"/>'s output.</summary>
    public const int MaxFormattedLength = 200;

    /// <summary>Gets a value indicating whether feedback statistics were available (the prior is set).</summary>
    public bool IsKnown => PriorAlpha > 0 && PriorBeta > 0;

    /// <summary>Gets the prior mean alpha0 / (alpha0 + beta0); NaN when unknown.</summary>
    public double PriorMean => IsKnown ? PriorAlpha / (PriorAlpha + PriorBeta) : double.NaN;

    /// <summary>Gets the seller's posterior mean probability of FOUND; NaN when unknown.</summary>
    public double SellerRisk => Posterior(SellerFound, SellerInspected);

    /// <summary>Gets the seller's posterior mean probability of FOUND on its random and explored parcels only; NaN when unknown.</summary>
    public double SellerBaselineRisk => Posterior(SellerBaselineFound, SellerBaselineInspected);

    /// <summary>Gets the consignor's posterior mean probability of FOUND; NaN when unknown.</summary>
    public double ConsignorRisk => Posterior(ConsignorFound, ConsignorInspected);

    /// <summary>Gets the Beta-Bernoulli posterior mean (alpha0 + found) / (alpha0 + beta0 + inspected).</summary>
    /// <param name="found">FOUND results.</param>
    /// <param name="inspected">Results in all.</param>
    /// <returns>The mean, NaN when the prior is unknown.</returns>
    public double Posterior(long found, long inspected) =>
        IsKnown ? (PriorAlpha + found) / (PriorAlpha + PriorBeta + inspected) : double.NaN;

    /// <summary>
    /// Writes <c>seller=F/N;consignor=F/N;prior=A/B</c> (invariant, round-trip doubles), followed by
    /// <c>;seller-baseline=F/N</c> when the seller has random or explored results, without allocating.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxFormattedLength"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    public int Format(Span<byte> destination)
    {
        int n = 0;
        n += Copy("seller="u8, destination[n..]);
        n += Number(SellerFound, destination[n..]);
        destination[n++] = (byte)'/';
        n += Number(SellerInspected, destination[n..]);
        n += Copy(";consignor="u8, destination[n..]);
        n += Number(ConsignorFound, destination[n..]);
        destination[n++] = (byte)'/';
        n += Number(ConsignorInspected, destination[n..]);
        n += Copy(";prior="u8, destination[n..]);
        n += Number(PriorAlpha, destination[n..]);
        destination[n++] = (byte)'/';
        n += Number(PriorBeta, destination[n..]);
        if (SellerBaselineInspected > 0)
        {
            n += Copy(";seller-baseline="u8, destination[n..]);
            n += Number(SellerBaselineFound, destination[n..]);
            destination[n++] = (byte)'/';
            n += Number(SellerBaselineInspected, destination[n..]);
        }

        return n;
    }

    /// <summary>Parses what <see cref="Format"/> wrote.</summary>
    /// <param name="text">The header value.</param>
    /// <param name="history">The history.</param>
    /// <returns>False when the text is not in that form.</returns>
    public static bool TryParse(ReadOnlySpan<byte> text, out RiskHistory history)
    {
        history = default;
        if (!Pair(ref text, "seller="u8, out long sf, out long sn) || !Pair(ref text, ";consignor="u8, out long cf, out long cn)
            || !text.StartsWith(";prior="u8))
        {
            return false;
        }

        text = text[";prior="u8.Length..];
        long bf = 0, bn = 0;
        int baseline = text.IndexOf(";seller-baseline="u8);
        if (baseline >= 0)
        {
            ReadOnlySpan<byte> rest = text[baseline..];
            if (!Pair(ref rest, ";seller-baseline="u8, out bf, out bn) || rest.Length != 0)
            {
                return false;
            }

            text = text[..baseline];
        }

        int slash = text.IndexOf((byte)'/');
        if (slash < 0 || !Utf8Parser.TryParse(text[..slash], out double a, out int used) || used != slash
            || !Utf8Parser.TryParse(text[(slash + 1)..], out double b, out used) || used != text.Length - slash - 1)
        {
            return false;
        }

        history = new RiskHistory(sf, sn, cf, cn, a, b, bf, bn);
        return true;
    }

    private static bool Pair(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, out long found, out long inspected)
    {
        found = inspected = 0;
        if (!text.StartsWith(name))
        {
            return false;
        }

        text = text[name.Length..];
        if (!Utf8Parser.TryParse(text, out found, out int used) || used >= text.Length || text[used] != (byte)'/')
        {
            return false;
        }

        text = text[(used + 1)..];
        if (!Utf8Parser.TryParse(text, out inspected, out used))
        {
            return false;
        }

        text = text[used..];
        return true;
    }

    private static int Copy(ReadOnlySpan<byte> literal, Span<byte> destination)
    {
        literal.CopyTo(destination);
        return literal.Length;
    }

    private static int Number(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out int written) ? written : 0;

    private static int Number(double value, Span<byte> destination) =>
        value.TryFormat(destination, out int written, "R", System.Globalization.CultureInfo.InvariantCulture) ? written : 0;
}
