namespace ParcelStream.Pipeline.Worker;

/// <summary>Header names the worker adds to dead-letter and decision records.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Why the manifest was dead-lettered: an AvroErrorCode name or an InvalidManifest reason.</summary>
    public const string ErrorCode = "parcelstream.error.code";

    /// <summary>Byte offset in the message where decoding failed.</summary>
    public const string ErrorOffset = "parcelstream.error.offset";

    /// <summary>Topic the manifest was consumed from.</summary>
    public const string SourceTopic = "parcelstream.source.topic";

    /// <summary>Partition the manifest was consumed from.</summary>
    public const string SourcePartition = "parcelstream.source.partition";

    /// <summary>Offset the manifest was consumed from.</summary>
    public const string SourceOffset = "parcelstream.source.offset";

    /// <summary>
    /// On a dead-letter record that could not carry the whole original: <see cref="TruncatedValue"/> or
    /// <see cref="TruncatedRecord"/>. Absent when the original is whole.
    /// </summary>
    public const string Truncated = "parcelstream.dead-letter.truncated";

    /// <summary>The value is the original's first bytes (the whole was over the record limit or the decoder's limit).</summary>
    public const string TruncatedValue = "value";

    /// <summary>Only the coordinates remain: no key, no value, no original headers (read the original at the source offset).</summary>
    public const string TruncatedRecord = "record";

    /// <summary>The original value's length in bytes (-1 for a null value), on truncated dead-letter records.</summary>
    public const string OriginalValueBytes = "parcelstream.original.value-bytes";

    /// <summary>How many of the original's headers were left out (over the header budget); absent when none.</summary>
    public const string HeadersDropped = "parcelstream.headers.dropped";

    /// <summary>
    /// Prefix of the error code of a message one of whose records the broker refused for good (e.g.
    /// <c>DeliveryRefused.MsgSizeTooLarge</c>): its dead-letter record carries only the coordinates.
    /// </summary>
    public const string DeliveryRefusedPrefix = "DeliveryRefused.";

    /// <summary>manifestId of the decided manifest (on decision records).</summary>
    public const string ManifestId = "manifestId";

    /// <summary>Ruleset version that decided (on decision records).</summary>
    public const string RulesetVersion = "rulesetVersion";

    /// <summary>
    /// The inspection history the decision was made with, <c>seller=F/N;consignor=F/N;prior=A/B</c> (on decision
    /// records, when feedback is on): with the manifest and the rule pack it reproduces the decision.
    /// </summary>
    public const string RiskHistory = "parcelstream.risk-history";

    /// <summary>
    /// The inspection cut-off the decision was made with (on decision records when capacity is on; round-trip decimal,
    /// or Infinity when capacity was used up): with the manifest, pack and history it reproduces the decision.
    /// </summary>
    public const string Cutoff = "parcelstream.cutoff";
}
