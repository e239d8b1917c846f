using System.Runtime.CompilerServices;
using System.Text;

namespace ParcelStream.Codec.Decisions;

/// <summary>
/// A decision being built or written, reused from manifest to manifest: every string is copied into one arena the
/// decision owns, so that after warm-up building and writing a decision allocates nothing.
/// </summary>
public sealed partial class CustomsDecision
{
    private const int InitialArena = 1024;
    private const int InitialReasons = 8;

    private byte[] _arena = new byte[InitialArena];
    private int _used;
    private TextRange _manifestId;
    private TextRange _trackingNumber;
    private TextRange _rulesetVersion;
    private TextRange _sourceTopic;
    private (TextRange RuleId, TextRange Code, TextRange Detail)[] _reasons = new (TextRange, TextRange, TextRange)[InitialReasons];
    private TextRange[] _related = new TextRange[InitialReasons];

    /// <summary>Gets or sets the outcome.</summary>
    public Outcome Outcome { get; set; }

    /// <summary>Gets or sets the risk score, a probability in 0..1.</summary>
    public double RiskScore { get; set; }

    /// <summary>Gets or sets when the decision was made, UTC milliseconds since the epoch.</summary>
    public long DecidedAtMillis { get; set; }

    /// <summary>Gets or sets a value indicating whether a release is flagged for post-clearance audit (blue lane).</summary>
    public bool PostClearanceAudit { get; set; }

    /// <summary>Gets or sets what kind of stop the decision is (<see cref="Referral.None"/> for a release).</summary>
    public Referral Referral { get; set; }

    /// <summary>Gets or sets whether this is a first decision or an amendment.</summary>
    public DecisionKind Kind { get; set; }

    /// <summary>
    /// Gets or sets the inspection history the decision is made with (set by the caller before evaluation; not part
    /// of the Avro record: the worker sends it as a header so the decision can be reproduced).
    /// </summary>
    public RiskHistory RiskHistory { get; set; }

    /// <summary>
    /// Gets or sets the timestamp of the Kafka record the manifest came in, UTC milliseconds (0: none). Set by the caller
    /// before evaluation; createdAt is judged against it (else against <see cref="DecidedAtMillis"/>). Not part of the
    /// Avro record: the record it came from is named by the decision's source.
    /// </summary>
    public long RecordTimestampMillis { get; set; }

    /// <summary>
    /// Gets or sets the inspection cut-off the decision was made with (a rank position in log-odds; NaN when capacity is
    /// off). Not in the Avro record yet: the worker sends it as the header <c>parcelstream.cutoff</c>.
    /// </summary>
    public double Cutoff { get; set; } = double.NaN;

    /// <summary>Gets a value indicating whether the source (topic, partition, offset) is set.</summary>
    public bool HasSource { get; private set; }

    /// <summary>Gets the source partition.</summary>
    public int SourcePartition { get; private set; }

    /// <summary>Gets the source offset.</summary>
    public long SourceOffset { get; private set; }

    /// <summary>Gets the number of reasons.</summary>
    public int ReasonCount { get; private set; }

    /// <summary>Gets the number of related manifest ids.</summary>
    public int RelatedCount { get; private set; }

    /// <summary>Gets manifestId.</summary>
    public ReadOnlySpan<byte> ManifestId => Text(_manifestId);

    /// <summary>Gets trackingNumber.</summary>
    public ReadOnlySpan<byte> TrackingNumber => Text(_trackingNumber);

    /// <summary>Gets the ruleset version.</summary>
    public ReadOnlySpan<byte> RulesetVersion => Text(_rulesetVersion);

    /// <summary>Gets the source topic.</summary>
    public ReadOnlySpan<byte> SourceTopic => Text(_sourceTopic);

    /// <summary>Clears the decision for the next manifest (keeps the memory).</summary>
    public void Reset()
    {
        _used = 0;
        _manifestId = _trackingNumber = _rulesetVersion = _sourceTopic = default;
        Outcome = Outcome.Release;
        RiskScore = 0;
        DecidedAtMillis = 0;
        PostClearanceAudit = false;
        Kind = DecisionKind.Initial;
        RiskHistory = default;
        RecordTimestampMillis = 0;
        Cutoff = double.NaN;
        HasSource = false;
        SourcePartition = 0;
        SourceOffset = 0;
        ReasonCount = 0;
        RelatedCount = 0;
        Referral = Referral.None;
        ResetAssessment();
        ResetModel();
    }

    /// <summary>Sets the ids of the manifest decided.</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <param name="trackingNumber">UTF-8 trackingNumber.</param>
    public void SetManifest(ReadOnlySpan<byte> manifestId, ReadOnlySpan<byte> trackingNumber)
    {
        _manifestId = Append(manifestId);
        _trackingNumber = Append(trackingNumber);
    }

    /// <summary>Sets the ruleset version.</summary>
    /// <param name="version">UTF-8 version.</param>
    public void SetRulesetVersion(ReadOnlySpan<byte> version) => _rulesetVersion = Append(version);

    /// <summary>Sets where the manifest came from.</summary>
    /// <param name="topic">UTF-8 topic name.</param>
    /// <param name="partition">Partition.</param>
    /// <param name="offset">Offset.</param>
    public void SetSource(ReadOnlySpan<byte> topic, int partition, long offset)
    {
        _sourceTopic = Append(topic);
        SourcePartition = partition;
        SourceOffset = offset;
        HasSource = true;
    }

    /// <summary>Adds a reason.</summary>
    /// <param name="ruleId">UTF-8 rule id.</param>
    /// <param name="code">UTF-8 reason code.</param>
    /// <param name="detail">UTF-8 detail for the officer.</param>
    public void AddReason(ReadOnlySpan<byte> ruleId, ReadOnlySpan<byte> code, ReadOnlySpan<byte> detail)
    {
        if (ReasonCount == _reasons.Length)
        {
            Array.Resize(ref _reasons, _reasons.Length * 2);
        }

        _reasons[ReasonCount++] = (Append(ruleId), Append(code), Append(detail));
    }

    /// <summary>Adds the id of a related manifest.</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    public void AddRelated(ReadOnlySpan<byte> manifestId)
    {
        if (RelatedCount == _related.Length)
        {
            Array.Resize(ref _related, _related.Length * 2);
        }

        _related[RelatedCount++] = Append(manifestId);
    }

    /// <summary>Gets the rule id of reason <paramref name="index"/>.</summary>
    /// <param name="index">Below <see cref="ReasonCount"/>.</param>
    /// <returns>UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> ReasonRuleId(int index) => Text(ReasonAt(index).RuleId);

    /// <summary>Gets the code of reason <paramref name="index"/>.</summary>
    /// <param name="index">Below <see cref="ReasonCount"/>.</param>
    /// <returns>UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> ReasonCode(int index) => Text(ReasonAt(index).Code);

    /// <summary>Gets the detail of reason <paramref name="index"/>.</summary>
    /// <param name="index">Below <see cref="ReasonCount"/>.</param>
    /// <returns>UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> ReasonDetail(int index) => Text(ReasonAt(index).Detail);

    /// <summary>Gets related manifest id <paramref name="index"/>.</summary>
    /// <param name="index">Below <see cref="RelatedCount"/>.</param>
    /// <returns>UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> Related(int index)
    {
        if ((uint)index >= (uint)RelatedCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return Text(_related[index]);
    }

    /// <summary>Tells whether any reason has the given code.</summary>
    /// <param name="code">UTF-8 code.</param>
    /// <returns>True when one has.</returns>
    public bool HasReason(ReadOnlySpan<byte> code)
    {
        for (int i = 0; i < ReasonCount; i++)
        {
            if (Text(_reasons[i].Code).SequenceEqual(code))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Encoding.UTF8.GetString(ManifestId)).Append(' ').Append(Outcome).Append(' ').Append(RiskScore.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < ReasonCount; i++)
        {
            sb.Append(' ').Append(Encoding.UTF8.GetString(ReasonCode(i)));
        }

        return sb.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Text(TextRange range) => new(_arena, range.Offset, range.Length);

    private ref (TextRange RuleId, TextRange Code, TextRange Detail) ReasonAt(int index)
    {
        if ((uint)index >= (uint)ReasonCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return ref _reasons[index];
    }

    private TextRange Append(ReadOnlySpan<byte> bytes)
    {
        if (_arena.Length - _used < bytes.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + bytes.Length));
        }

        bytes.CopyTo(_arena.AsSpan(_used));
        var range = new TextRange(_used, bytes.Length);
        _used += bytes.Length;
        return range;
    }
}
