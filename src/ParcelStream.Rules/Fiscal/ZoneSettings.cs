namespace ParcelStream.Rules.Fiscal;

/// <summary>A zone's assessment currency and tariff.</summary>
/// <param name="CurrencyUtf8">ISO 4217 code.</param>
/// <param name="CurrencyIndex">Index in the pack's currency table.</param>
/// <param name="Exponent">Minor-unit digits.</param>
/// <param name="Duty">The tariff.</param>
internal sealed record ZoneSettings(byte[] CurrencyUtf8, int CurrencyIndex, int Exponent, DutyRates Duty);
