using System.Text;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>A fiscal assessment's content as plain values (the decision schema's FiscalAssessment record).</summary>
internal sealed record AssessmentSpec(
    FiscalRegime Regime,
    DeclarationType Declaration,
    string Currency,
    long DutyMinor,
    string DutyBasis,
    long VatMinor,
    double VatRatePercent,
    VatCollector Collector,
    string Threshold,
    string Period,
    double ExchangeRate,
    string Note)
{
    public static readonly string[] RegimeSymbols =
    [
        "NOT_ASSESSED", "EU_IOSS", "EU_SPECIAL_ARRANGEMENTS", "EU_STANDARD", "EU_GIFT_RELIEF", "GB_VAT_AT_SALE", "GB_IMPORT", "GB_GIFT_RELIEF",
        "US_DE_MINIMIS", "US_GIFT", "US_INFORMAL_ENTRY", "US_FORMAL_ENTRY", "US_POSTAL", "CA_POSTAL", "CA_COURIER", "CA_COURIER_CUSMA", "AU_GST_AT_SALE", "AU_IMPORT",
    ];

    public static readonly string[] DeclarationSymbols =
        ["NONE", "H7", "H1", "GB_LOW_VALUE", "GB_FULL", "US_INFORMAL_ENTRY", "US_FORMAL_ENTRY", "US_POSTAL", "CA_POSTAL", "CA_COURIER_LOW_VALUE", "CA_FORMAL", "AU_SELF_ASSESSED", "AU_FULL"];

    public static readonly string[] CollectorSymbols = ["NONE", "SELLER_AT_SALE", "CARRIER_FROM_CONSIGNEE", "DECLARANT_AT_IMPORT"];

    public void ApplyTo(CustomsDecision d)
    {
        d.FiscalRegime = Regime;
        d.DeclarationType = Declaration;
        d.DutyMinor = DutyMinor;
        d.VatMinor = VatMinor;
        d.VatRatePercent = VatRatePercent;
        d.VatCollector = Collector;
        d.ExchangeRate = ExchangeRate;
        d.SetAssessment(Encoding.UTF8.GetBytes(Currency), Encoding.UTF8.GetBytes(DutyBasis), Encoding.UTF8.GetBytes(Threshold), Encoding.UTF8.GetBytes(Period), Encoding.UTF8.GetBytes(Note));
    }

    public Dictionary<string, object?> ToTree() => new()
    {
        ["regime"] = new EnumSymbol(RegimeSymbols[(int)Regime]),
        ["declarationType"] = new EnumSymbol(DeclarationSymbols[(int)Declaration]),
        ["currency"] = Currency,
        ["dutyMinor"] = DutyMinor,
        ["dutyBasis"] = DutyBasis,
        ["vatMinor"] = VatMinor,
        ["vatRatePercent"] = VatRatePercent,
        ["vatCollector"] = new EnumSymbol(CollectorSymbols[(int)Collector]),
        ["threshold"] = Threshold,
        ["thresholdPeriod"] = Period,
        ["exchangeRate"] = ExchangeRate,
        ["note"] = Note,
    };
}
