namespace ParcelStream.Rules.Evaluation;

/// <summary>Comparison operators (gt, gte, lt, lte).</summary>
internal enum Comparison : byte
{
    /// <summary>gt.</summary>
    Greater,

    /// <summary>gte.</summary>
    GreaterOrEqual,

    /// <summary>lt.</summary>
    Less,

    /// <summary>lte.</summary>
    LessOrEqual,
}
