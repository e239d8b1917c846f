namespace ParcelStream.Codec.Decisions;

/// <summary>
/// The fiscal assessment: fixed fields (amounts in minor units of <see cref="AssessmentCurrency"/>, small enums) and
/// texts kept in the decision's arena, so assessing a manifest allocates nothing after warm-up.
/// </summary>
public sealed partial class CustomsDecision
{
    private TextRange _assessmentCurrency;
    private TextRange _dutyBasis;
    private TextRange _assessmentThreshold;
    private TextRange _thresholdPeriod;
    private TextRange _assessmentNote;

    /// <summary>Gets a value indicating whether the decision carries an assessment (the schema's assessment is null otherwise).</summary>
    public bool HasAssessment { get; private set; }

    /// <summary>Gets or sets the destination's regime applied.</summary>
    public FiscalRegime FiscalRegime { get; set; }

    /// <summary>Gets or sets the declaration type the regime calls for.</summary>
    public DeclarationType DeclarationType { get; set; }

    /// <summary>Gets or sets the customs duty due, in minor units of <see cref="AssessmentCurrency"/>.</summary>
    public long DutyMinor { get; set; }

    /// <summary>Gets or sets the VAT (GST) on the consignment, in minor units of <see cref="AssessmentCurrency"/>; <see cref="VatCollector"/> says who collects it.</summary>
    public long VatMinor { get; set; }

    /// <summary>Gets or sets the VAT rate applied, in percent.</summary>
    public double VatRatePercent { get; set; }

    /// <summary>Gets or sets who collects the VAT.</summary>
    public VatCollector VatCollector { get; set; }

    /// <summary>Gets or sets the exchange rate used: units of <see cref="AssessmentCurrency"/> per unit of the manifest's currency.</summary>
    public double ExchangeRate { get; set; }

    /// <summary>Gets the ISO 4217 currency of the assessed amounts.</summary>
    public ReadOnlySpan<byte> AssessmentCurrency => Text(_assessmentCurrency);

    /// <summary>Gets how the duty was computed, e.g. "EUR 3 x 2 sub-headings".</summary>
    public ReadOnlySpan<byte> DutyBasis => Text(_dutyBasis);

    /// <summary>Gets the name of the pack threshold whose period decided the regime (e.g. eu-flat-duty).</summary>
    public ReadOnlySpan<byte> AssessmentThreshold => Text(_assessmentThreshold);

    /// <summary>Gets that threshold's period used, ISO 8601 dates, both inclusive ("2026-07-01/2028-06-30", ".." for an open end).</summary>
    public ReadOnlySpan<byte> ThresholdPeriod => Text(_thresholdPeriod);

    /// <summary>Gets a note on the assessment (e.g. why an IOSS number was not applied); empty when none.</summary>
    public ReadOnlySpan<byte> AssessmentNote => Text(_assessmentNote);

    /// <summary>Sets the assessment's texts and marks the decision as assessed (the numbers and enums are set directly).</summary>
    /// <param name="currency">ISO 4217 code of the amounts.</param>
    /// <param name="dutyBasis">How the duty was computed.</param>
    /// <param name="threshold">Name of the threshold whose period decided.</param>
    /// <param name="period">That period.</param>
    /// <param name="note">A note, or empty.</param>
    public void SetAssessment(ReadOnlySpan<byte> currency, ReadOnlySpan<byte> dutyBasis, ReadOnlySpan<byte> threshold, ReadOnlySpan<byte> period, ReadOnlySpan<byte> note)
    {
        _assessmentCurrency = Append(currency);
        _dutyBasis = Append(dutyBasis);
        _assessmentThreshold = Append(threshold);
        _thresholdPeriod = Append(period);
        _assessmentNote = Append(note);
        HasAssessment = true;
    }

    private void ResetAssessment()
    {
        HasAssessment = false;
        FiscalRegime = FiscalRegime.NotAssessed;
        DeclarationType = DeclarationType.None;
        DutyMinor = VatMinor = 0;
        VatRatePercent = 0;
        VatCollector = VatCollector.None;
        ExchangeRate = 0;
        _assessmentCurrency = _dutyBasis = _assessmentThreshold = _thresholdPeriod = _assessmentNote = default;
    }
}
