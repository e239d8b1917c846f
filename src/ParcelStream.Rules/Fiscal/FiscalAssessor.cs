using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Identifiers;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Fiscal;

/// <summary>
/// Computes a decision's fiscal assessment from the pack's data after the rules: the destination's regime, the
/// declaration type, duty and its basis, VAT and who collects it (customs-domain.md section 3). Revenue, not risk: it
/// never changes the outcome, score or referral. Allocates nothing: amounts are fixed fields, texts go into the
/// decision's arena from a stack buffer.
/// </summary>
internal sealed class FiscalAssessor(FiscalSettings settings, double[] currencyScale, double[] currencyRate)
{
    private const int IossLimit = 0;
    private const int EuDutyRelief = 1;
    private const int EuFlatDuty = 2;
    private const int EuH7Limit = 3;
    private const int EuGiftRelief = 4;
    private const int GbLowValue = 5;
    private const int GbGiftRelief = 6;
    private const int UsDeMinimis = 7;
    private const int UsGiftRelief = 8;
    private const int UsInformalEntryLimit = 9;
    private const int CaDeMinimis = 10;
    private const int CaCusmaTax = 11;
    private const int CaDeMinimisCusma = 12;
    private const int CaLowValueLimit = 13;
    private const int AuLowValue = 14;
    private const int BasisBytes = 160;

    /// <summary>Assesses the manifest into the decision; leaves it unassessed for a destination outside the zones or a currency the pack has no rate for.</summary>
    /// <param name="m">The manifest.</param>
    /// <param name="d">The decision.</param>
    public void Assess(ManifestView m, CustomsDecision d)
    {
        ReadOnlySpan<byte> destination = m.DestinationCountry;
        FiscalZone zone;
        if (settings.EuDestinations.Contains(destination))
        {
            zone = FiscalZone.Eu;
        }
        else if (destination.SequenceEqual("GB"u8))
        {
            zone = FiscalZone.Gb;
        }
        else if (destination.SequenceEqual("US"u8))
        {
            zone = FiscalZone.Us;
        }
        else if (destination.SequenceEqual("CA"u8))
        {
            zone = FiscalZone.Ca;
        }
        else if (destination.SequenceEqual("AU"u8))
        {
            zone = FiscalZone.Au;
        }
        else
        {
            return;
        }

        int from = CurrencyTable.IndexOf(m.Currency);
        if (from < 0 || double.IsNaN(currencyRate[from]) || m.TotalValueMinor < 0)
        {
            return;
        }

        ZoneSettings z = settings.Zones[(int)zone];
        var w = new Work(m, new MinorConversion(from == z.CurrencyIndex, currencyScale[from], currencyRate[from], currencyScale[z.CurrencyIndex], currencyRate[z.CurrencyIndex]), z, stackalloc byte[BasisBytes]);
        int country = CountrySet.IndexOf(destination);
        Threshold? vat = settings.VatRates[country];
        int vatPeriod = vat?.PeriodAt(m.CreatedAtMillis) ?? -1;
        w.VatPercent = vatPeriod < 0 ? 0 : vat!.Value(vatPeriod);
        switch (zone)
        {
            case FiscalZone.Eu:
                Eu(ref w);
                break;
            case FiscalZone.Gb:
                Gb(ref w);
                break;
            case FiscalZone.Us:
                w.VatPercent = 0;
                Us(ref w);
                break;
            case FiscalZone.Ca:
                Ca(ref w);
                break;
            default:
                Au(ref w);
                break;
        }

        if (w.Collector == VatCollector.None)
        {
            w.VatPercent = 0;
        }

        d.FiscalRegime = w.Regime;
        d.DeclarationType = w.Declaration;
        d.DutyMinor = w.DutyMinor;
        d.VatRatePercent = w.VatPercent;
        d.VatMinor = Round((w.ValueMinor + w.DutyMinor) * w.VatPercent / 100);
        d.VatCollector = w.Collector;
        d.ExchangeRate = w.Conversion.ExchangeRate;
        Threshold t = settings.Thresholds[w.Threshold];
        d.SetAssessment(z.CurrencyUtf8, w.Basis.Written, t.NameUtf8, w.Period < 0 ? "none in force"u8 : t.PeriodLabel(w.Period), w.Note);
    }

    private static long Round(double minor) => (long)Math.Round(minor, MidpointRounding.AwayFromZero);

    private void Eu(ref Work w)
    {
        ManifestView m = w.Manifest;
        bool iossGiven = !m.IsNull(ManifestField.IossNumber) && m.GetString(ManifestField.IossNumber).Trim((byte)' ').Length > 0;
        bool iossWellFormed = iossGiven && IossNumber.IsValid(m.GetString(ManifestField.IossNumber));
        bool ioss = iossWellFormed && AtMost(ref w, IossLimit, out _);
        if (iossGiven && !iossWellFormed)
        {
            w.Note = "IOSS number is not IM + 10 digits: not applied, VAT due at import"u8;
        }
        else if (iossWellFormed && !ioss)
        {
            w.Note = "IOSS number on a consignment above the IOSS limit: not applied, VAT due at import"u8;
        }

        if (m.Category == Category.Gift && AtMost(ref w, EuGiftRelief, out w.Period))
        {
            Relief(ref w, FiscalRegime.EuGiftRelief, DeclarationType.H7, EuGiftRelief, "gift relief up to "u8);
            return;
        }

        if (!AtMost(ref w, EuH7Limit, out w.Period))
        {
            Set(ref w, FiscalRegime.EuStandard, DeclarationType.H1, VatCollector.DeclarantAtImport, EuH7Limit);
            Tariff(ref w);
            return;
        }

        if (ioss)
        {
            Set(ref w, FiscalRegime.EuIoss, DeclarationType.H7, VatCollector.SellerAtSale, EuDutyRelief);
        }
        else if (settings.SpecialArrangements)
        {
            Set(ref w, FiscalRegime.EuSpecialArrangements, DeclarationType.H7, VatCollector.CarrierFromConsignee, EuDutyRelief);
        }
        else
        {
            Set(ref w, FiscalRegime.EuStandard, DeclarationType.H7, VatCollector.DeclarantAtImport, EuDutyRelief);
        }

        if (AtMost(ref w, EuDutyRelief, out w.Period))
        {
            ReliefText(ref w, EuDutyRelief, "duty relief up to "u8);
            return;
        }

        Threshold flat = settings.Thresholds[EuFlatDuty];
        int flatPeriod = flat.PeriodAt(m.CreatedAtMillis);
        if (flatPeriod >= 0 && (ioss || !settings.FlatDutyIossOnly))
        {
            // customs-domain.md section 3: per distinct 6-digit sub-heading, not per unit.
            int subheadings = ValueSource.DistinctSubheadings(m);
            double perSubheading = flat.Value(flatPeriod);
            double perSubheadingInZone = flat.TargetRate == currencyRate[w.Zone.CurrencyIndex] ? perSubheading : perSubheading / flat.TargetRate * currencyRate[w.Zone.CurrencyIndex];
            w.DutyMinor = Round(perSubheadingInZone * currencyScale[w.Zone.CurrencyIndex] * subheadings);
            w.Threshold = EuFlatDuty;
            w.Period = flatPeriod;
            w.Basis.Add(flat.CurrencyUtf8);
            w.Basis.Add(" "u8);
            w.Basis.Number(perSubheading);
            w.Basis.Add(" x "u8);
            w.Basis.Integer(subheadings);
            w.Basis.Add(subheadings == 1 ? " sub-heading"u8 : " sub-headings"u8);
            return;
        }

        Tariff(ref w);
    }

    private void Gb(ref Work w)
    {
        bool gift = w.Manifest.Category == Category.Gift;
        if (gift && AtMost(ref w, GbGiftRelief, out w.Period))
        {
            Relief(ref w, FiscalRegime.GbGiftRelief, DeclarationType.GbLowValue, GbGiftRelief, "gift relief up to "u8);
        }
        else if (AtMost(ref w, GbLowValue, out w.Period))
        {
            // A gift above the gift relief was not sold: its VAT is collected at import, not at sale.
            Set(ref w, FiscalRegime.GbVatAtSale, DeclarationType.GbLowValue, gift ? VatCollector.DeclarantAtImport : VatCollector.SellerAtSale, GbLowValue);
            ReliefText(ref w, GbLowValue, "no duty up to "u8);
        }
        else
        {
            Set(ref w, FiscalRegime.GbImport, DeclarationType.GbFull, VatCollector.DeclarantAtImport, GbLowValue);
            Tariff(ref w);
        }
    }

    private void Us(ref Work w)
    {
        bool postal = w.Manifest.OperatorType == OperatorType.Postal;
        DeclarationType lowValue = postal ? DeclarationType.UsPostal : DeclarationType.UsInformalEntry;
        if (w.Manifest.Category == Category.Gift && AtMost(ref w, UsGiftRelief, out w.Period))
        {
            Relief(ref w, FiscalRegime.UsGift, lowValue, UsGiftRelief, "bona fide gift up to "u8);
        }
        else if (AtMost(ref w, UsDeMinimis, out w.Period))
        {
            Relief(ref w, FiscalRegime.UsDeMinimis, lowValue, UsDeMinimis, "Section 321 de minimis up to "u8);
        }
        else if (postal)
        {
            Set(ref w, FiscalRegime.UsPostal, DeclarationType.UsPostal, VatCollector.None, UsDeMinimis);
            Tariff(ref w);
        }
        else if (AtMost(ref w, UsInformalEntryLimit, out w.Period))
        {
            Set(ref w, FiscalRegime.UsInformalEntry, DeclarationType.UsInformalEntry, VatCollector.None, UsInformalEntryLimit);
            Tariff(ref w);
        }
        else
        {
            Set(ref w, FiscalRegime.UsFormalEntry, DeclarationType.UsFormalEntry, VatCollector.None, UsInformalEntryLimit);
            Tariff(ref w);
        }
    }

    private void Ca(ref Work w)
    {
        ManifestView m = w.Manifest;
        bool postal = m.OperatorType == OperatorType.Postal;

        // CUSMA thresholds follow the goods' origin, not the departure country: every goods line must originate there.
        bool cusma = !postal && m.ItemCount > 0;
        for (int i = 0; i < m.ItemCount && cusma; i++)
        {
            cusma = settings.CusmaOrigins.Contains(m.GetItemString(i, ItemField.OriginCountry));
        }

        DeclarationType declaration = postal ? DeclarationType.CaPostal
            : AtMost(ref w, CaLowValueLimit, out _) ? DeclarationType.CaCourierLowValue : DeclarationType.CaFormal;
        FiscalRegime regime = postal ? FiscalRegime.CaPostal : cusma ? FiscalRegime.CaCourierCusma : FiscalRegime.CaCourier;
        int dutyThreshold = cusma ? CaDeMinimisCusma : CaDeMinimis;
        bool taxFree = AtMost(ref w, cusma ? CaCusmaTax : CaDeMinimis, out _);
        Set(ref w, regime, declaration, taxFree ? VatCollector.None : VatCollector.DeclarantAtImport, dutyThreshold);
        if (AtMost(ref w, dutyThreshold, out w.Period))
        {
            ReliefText(ref w, dutyThreshold, cusma ? "CUSMA origin, no duty up to "u8 : "no duty up to "u8);
        }
        else
        {
            Tariff(ref w);
        }
    }

    private void Au(ref Work w)
    {
        if (AtMost(ref w, AuLowValue, out w.Period))
        {
            Set(ref w, FiscalRegime.AuGstAtSale, DeclarationType.AuSelfAssessed, VatCollector.SellerAtSale, AuLowValue);
            ReliefText(ref w, AuLowValue, "no duty up to "u8);
        }
        else
        {
            Set(ref w, FiscalRegime.AuImport, DeclarationType.AuFull, VatCollector.DeclarantAtImport, AuLowValue);
            Tariff(ref w);
        }
    }

    private static void Set(ref Work w, FiscalRegime regime, DeclarationType declaration, VatCollector collector, int threshold)
    {
        w.Regime = regime;
        w.Declaration = declaration;
        w.Collector = collector;
        w.Threshold = threshold;
    }

    private void Relief(ref Work w, FiscalRegime regime, DeclarationType declaration, int threshold, ReadOnlySpan<byte> text)
    {
        Set(ref w, regime, declaration, VatCollector.None, threshold);
        ReliefText(ref w, threshold, text);
    }

    /// <summary>No duty below a threshold: "duty relief up to EUR 150".</summary>
    private void ReliefText(ref Work w, int threshold, ReadOnlySpan<byte> text)
    {
        Threshold t = settings.Thresholds[threshold];
        w.Threshold = threshold;
        w.Period = t.PeriodAt(w.Manifest.CreatedAtMillis);
        w.DutyMinor = 0;
        w.Basis.Add(text);
        w.Basis.Add(t.CurrencyUtf8);
        w.Basis.Add(" "u8);
        w.Basis.Number(w.Period < 0 ? 0 : t.Value(w.Period));
    }

    /// <summary>Duty from the zone's tariff on each goods line: "12% of EUR 180.00 (eu-duty-rates)".</summary>
    private static void Tariff(ref Work w)
    {
        double duty = w.Zone.Duty.Duty(w.Manifest, w.Conversion, out double linesMinor, out double single);
        w.DutyMinor = Round(duty);
        if (!double.IsNaN(single))
        {
            w.Basis.Number(single);
            w.Basis.Add("% of "u8);
        }
        else
        {
            w.Basis.Add("tariff rates on "u8);
        }

        w.Basis.Money(w.Zone.CurrencyUtf8, Round(linesMinor), w.Zone.Exponent);
        w.Basis.Add(" ("u8);
        w.Basis.Add(w.Zone.Duty.NameUtf8);
        w.Basis.Add(")"u8);
    }

    /// <summary>Whether the consignment's value is at most the threshold in force (false when none is).</summary>
    private bool AtMost(ref Work w, int threshold, out int period)
    {
        Threshold t = settings.Thresholds[threshold];
        period = t.PeriodAt(w.Manifest.CreatedAtMillis);
        return period >= 0 && w.Conversion.MajorIn(w.Manifest.TotalValueMinor, t.TargetRate) <= t.Value(period);
    }

    /// <summary>The assessment being worked out.</summary>
    private ref struct Work(ManifestView manifest, MinorConversion conversion, ZoneSettings zone, Span<byte> basis)
    {
        public readonly ManifestView Manifest = manifest;
        public readonly MinorConversion Conversion = conversion;
        public readonly ZoneSettings Zone = zone;
        public readonly long ValueMinor = (long)Math.Round(conversion.Convert(manifest.TotalValueMinor), MidpointRounding.AwayFromZero);
        public BasisText Basis = new(basis);
        public FiscalRegime Regime;
        public DeclarationType Declaration;
        public VatCollector Collector;
        public long DutyMinor;
        public double VatPercent;
        public int Threshold;
        public int Period = -1;
        public ReadOnlySpan<byte> Note;
    }
}
