namespace ParcelStream.Codec.Decisions;

/// <summary>The destination's import regime a fiscal assessment applied (schema enum FiscalRegime, same order; customs-domain.md section 3).</summary>
public enum FiscalRegime : byte
{
    /// <summary>No assessment: the destination is not one the pack assesses, or the pack has no assessment data.</summary>
    NotAssessed,

    /// <summary>EU, up to EUR 150 with a valid IOSS number: VAT paid at sale.</summary>
    EuIoss,

    /// <summary>EU, up to EUR 150 without IOSS: special arrangements, the carrier collects VAT from the consignee.</summary>
    EuSpecialArrangements,

    /// <summary>EU standard import: VAT (and duty) paid or guaranteed by the declarant at import.</summary>
    EuStandard,

    /// <summary>EU gift between private persons up to the gift relief: no duty, no VAT.</summary>
    EuGiftRelief,

    /// <summary>UK up to GBP 135: VAT charged by the seller at sale, no duty.</summary>
    GbVatAtSale,

    /// <summary>UK above GBP 135: the carrier declares; duty and VAT collected before delivery.</summary>
    GbImport,

    /// <summary>UK gift up to the gift relief: no duty, no VAT.</summary>
    GbGiftRelief,

    /// <summary>US Section 321 de minimis (while in force): duty-free.</summary>
    UsDeMinimis,

    /// <summary>US bona fide gift up to USD 100: duty-free.</summary>
    UsGift,

    /// <summary>US informal entry (type 11) filed by the carrier or broker.</summary>
    UsInformalEntry,

    /// <summary>US formal entry (type 01).</summary>
    UsFormalEntry,

    /// <summary>US postal: the carrier or a qualified party collects and remits the duty.</summary>
    UsPostal,

    /// <summary>Canada, postal (CAD 20).</summary>
    CaPostal,

    /// <summary>Canada, courier (CAD 20).</summary>
    CaCourier,

    /// <summary>Canada, courier with goods originating in the US or Mexico (CUSMA: CAD 40 tax, CAD 150 duty).</summary>
    CaCourierCusma,

    /// <summary>Australia up to AUD 1,000: GST collected at sale, no duty.</summary>
    AuGstAtSale,

    /// <summary>Australia above AUD 1,000: full import declaration, duty and GST at import.</summary>
    AuImport,
}
