namespace ParcelStream.Codec.Decisions;

/// <summary>Who collects the assessed VAT (GST) (schema enum VatCollector, same order; customs-domain.md section 3).</summary>
public enum VatCollector : byte
{
    /// <summary>No VAT due (relief, below a threshold, or a destination without import VAT).</summary>
    None,

    /// <summary>The seller or marketplace charged it at sale (IOSS, UK and AU low-value regimes): nothing due at import.</summary>
    SellerAtSale,

    /// <summary>The carrier collects it from the consignee at delivery (EU special arrangements).</summary>
    CarrierFromConsignee,

    /// <summary>The declarant (normally the carrier) pays or guarantees it at import and recovers it from the consignee.</summary>
    DeclarantAtImport,
}
