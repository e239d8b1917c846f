namespace ParcelStream.Rules.Fiscal;

/// <summary>The destinations whose low-value regimes the engine assesses (customs-domain.md section 3).</summary>
internal enum FiscalZone
{
    /// <summary>An EU member state (the pack's list).</summary>
    Eu,

    /// <summary>The United Kingdom (GB).</summary>
    Gb,

    /// <summary>The United States.</summary>
    Us,

    /// <summary>Canada.</summary>
    Ca,

    /// <summary>Australia.</summary>
    Au,
}
