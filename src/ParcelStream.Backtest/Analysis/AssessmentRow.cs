using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>
/// The fiscal assessments of one regime, declaration type and VAT collector over a replay: how many parcels, how many
/// owe something, and the duty and VAT assessed, in minor units of <see cref="Currency"/>.
/// </summary>
/// <param name="Currency">ISO 4217 code of the amounts (the destination zone's currency).</param>
/// <param name="Regime">The destination's regime applied.</param>
/// <param name="Declaration">The declaration type it calls for.</param>
/// <param name="Collector">Who collects the VAT.</param>
/// <param name="Parcels">Parcels assessed so.</param>
/// <param name="Owing">Of those, parcels with duty or VAT above zero.</param>
/// <param name="OwingDuty">Of those, parcels with duty above zero.</param>
/// <param name="DutyMinor">Duty assessed, minor units.</param>
/// <param name="VatMinor">VAT assessed, minor units.</param>
/// <param name="Exponent">Minor-unit digits of the currency (2 for EUR).</param>
public sealed record AssessmentRow(
    string Currency, FiscalRegime Regime, DeclarationType Declaration, VatCollector Collector, long Parcels, long Owing, long OwingDuty, long DutyMinor, long VatMinor, int Exponent)
{
    /// <summary>Gets a value indicating whether the VAT is due at the border or on delivery (not collected at sale).</summary>
    public bool VatAtImport => Collector is VatCollector.CarrierFromConsignee or VatCollector.DeclarantAtImport;
}
