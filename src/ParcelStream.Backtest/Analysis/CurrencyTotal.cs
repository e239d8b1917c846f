namespace ParcelStream.Backtest.Analysis;

/// <summary>The duty and VAT assessed in one currency over a replay (the sum of its <see cref="AssessmentRow"/>s), minor units.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Parcels">Parcels assessed in it.</param>
/// <param name="Owing">Of those, parcels with duty or VAT above zero.</param>
/// <param name="OwingDuty">Of those, parcels with duty above zero.</param>
/// <param name="DutyMinor">Duty assessed.</param>
/// <param name="VatMinor">VAT assessed, whoever collects it.</param>
/// <param name="VatAtSaleMinor">Of that, VAT the seller or marketplace collected at sale.</param>
/// <param name="VatAtImportMinor">Of that, VAT due at import or on delivery.</param>
/// <param name="Exponent">Minor-unit digits of the currency.</param>
public sealed record CurrencyTotal(
    string Currency, long Parcels, long Owing, long OwingDuty, long DutyMinor, long VatMinor, long VatAtSaleMinor, long VatAtImportMinor, int Exponent);
