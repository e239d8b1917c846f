using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Fiscal;

/// <summary>A pack's assessment data (section <c>assessment:</c> and the thresholds it names), compiled.</summary>
internal sealed class FiscalSettings
{
    /// <summary>Names of the thresholds the assessment reads; a pack with an assessment section must define them all.</summary>
    public static readonly string[] ThresholdNames =
    [
        "ioss-limit", "eu-duty-relief", "eu-flat-duty", "eu-h7-limit", "eu-gift-relief", "gb-low-value", "gb-gift-relief",
        "us-de-minimis", "us-gift-relief", "us-informal-entry-limit", "ca-de-minimis", "ca-cusma-tax", "ca-de-minimis-cusma",
        "ca-lvs-limit", "au-low-value",
    ];

    public required CountrySet EuDestinations { get; init; }

    public required CountrySet CusmaOrigins { get; init; }

    /// <summary>Gets whether the EU flat duty per sub-heading covers only IOSS consignments (pack setting flatDutyScope: ioss).</summary>
    public bool FlatDutyIossOnly { get; init; }

    /// <summary>Gets whether EU VAT up to EUR 150 without IOSS uses the special arrangements (else the standard mechanism).</summary>
    public bool SpecialArrangements { get; init; }

    /// <summary>Gets the VAT (GST) rate in percent by destination (CountrySet index), dated; null where the pack has none.</summary>
    public required Threshold?[] VatRates { get; init; }

    /// <summary>Gets the currency and tariff of each <see cref="FiscalZone"/>.</summary>
    public required ZoneSettings[] Zones { get; init; }

    /// <summary>Gets the thresholds named in <see cref="ThresholdNames"/>, in that order.</summary>
    public required Threshold[] Thresholds { get; init; }
}
