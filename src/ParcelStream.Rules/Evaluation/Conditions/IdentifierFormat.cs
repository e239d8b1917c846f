namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>Identifier formats a rule can check (format: s10 | ioss | hsCode).</summary>
internal enum IdentifierFormat : byte
{
    /// <summary>UPU S10 item id with check digit.</summary>
    S10,

    /// <summary>IOSS number: IM + 10 digits.</summary>
    Ioss,

    /// <summary>HS code: 6, 8 or 10 digits of an existing chapter.</summary>
    HsCode,
}
