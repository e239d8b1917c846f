using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>The fiscal assessment's enums as the decision schema spells them (regime, declaration type) or in plain words (VAT collector).</summary>
public static class AssessmentSymbols
{
    private static readonly string[] s_regimes =
    [
        "NOT_ASSESSED", "EU_IOSS", "EU_SPECIAL_ARRANGEMENTS", "EU_STANDARD", "EU_GIFT_RELIEF", "GB_VAT_AT_SALE", "GB_IMPORT", "GB_GIFT_RELIEF",
        "US_DE_MINIMIS", "US_GIFT", "US_INFORMAL_ENTRY", "US_FORMAL_ENTRY", "US_POSTAL", "CA_POSTAL", "CA_COURIER", "CA_COURIER_CUSMA",
        "AU_GST_AT_SALE", "AU_IMPORT",
    ];

    private static readonly string[] s_declarations =
    [
        "NONE", "H7", "H1", "GB_LOW_VALUE", "GB_FULL", "US_INFORMAL_ENTRY", "US_FORMAL_ENTRY", "US_POSTAL", "CA_POSTAL", "CA_COURIER_LOW_VALUE",
        "CA_FORMAL", "AU_SELF_ASSESSED", "AU_FULL",
    ];

    private static readonly string[] s_collectors = ["no VAT", "seller at sale", "carrier from the consignee", "declarant at import"];

    private static readonly string[] s_collectorSymbols = ["NONE", "SELLER_AT_SALE", "CARRIER_FROM_CONSIGNEE", "DECLARANT_AT_IMPORT"];

    /// <summary>Gets a regime's schema symbol (enum FiscalRegime).</summary>
    /// <param name="regime">The regime.</param>
    /// <returns>E.g. EU_IOSS.</returns>
    public static string Regime(FiscalRegime regime) => (int)regime < s_regimes.Length ? s_regimes[(int)regime] : regime.ToString();

    /// <summary>Gets a declaration type's schema symbol (enum DeclarationType).</summary>
    /// <param name="declaration">The declaration type.</param>
    /// <returns>E.g. H7.</returns>
    public static string Declaration(DeclarationType declaration) => (int)declaration < s_declarations.Length ? s_declarations[(int)declaration] : declaration.ToString();

    /// <summary>Gets a VAT collector's schema symbol (enum VatCollector).</summary>
    /// <param name="collector">The collector.</param>
    /// <returns>E.g. SELLER_AT_SALE.</returns>
    public static string CollectorSymbol(VatCollector collector) => (int)collector < s_collectorSymbols.Length ? s_collectorSymbols[(int)collector] : collector.ToString();

    /// <summary>Gets who collects the VAT, in plain words.</summary>
    /// <param name="collector">The collector.</param>
    /// <returns>E.g. "seller at sale".</returns>
    public static string Collector(VatCollector collector) => (int)collector < s_collectors.Length ? s_collectors[(int)collector] : collector.ToString();
}
