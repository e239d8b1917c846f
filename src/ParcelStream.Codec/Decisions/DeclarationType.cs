namespace ParcelStream.Codec.Decisions;

/// <summary>The import declaration an assessment calls for (schema enum DeclarationType, same order; customs-domain.md section 3).</summary>
public enum DeclarationType : byte
{
    /// <summary>Not assessed.</summary>
    None,

    /// <summary>EU H7: low-value consignment (intrinsic value up to EUR 150).</summary>
    H7,

    /// <summary>EU H1: full declaration for release for free circulation.</summary>
    H1,

    /// <summary>UK low-value import declared by the carrier, no duty (VAT at sale).</summary>
    GbLowValue,

    /// <summary>UK full import declaration.</summary>
    GbFull,

    /// <summary>US informal entry (type 11).</summary>
    UsInformalEntry,

    /// <summary>US formal entry (type 01).</summary>
    UsFormalEntry,

    /// <summary>US postal clearance.</summary>
    UsPostal,

    /// <summary>Canada postal clearance.</summary>
    CaPostal,

    /// <summary>Canada courier low-value shipment (CLVS).</summary>
    CaCourierLowValue,

    /// <summary>Canada formal accounting (above the CLVS limit).</summary>
    CaFormal,

    /// <summary>Australia self-assessed clearance (low value).</summary>
    AuSelfAssessed,

    /// <summary>Australia full import declaration.</summary>
    AuFull,
}
