using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tracing;

/// <summary>
/// The span of the record one lane is processing, and the trace context its outgoing records carry. Used only while
/// something listens to <see cref="PipelineTracing.Source"/>: the lane then calls <see cref="Start"/> before the
/// record and <see cref="Stop"/> after it; otherwise nothing here runs and <see cref="Headers"/> is empty. One per
/// lane, never shared.
/// </summary>
internal sealed class RecordTrace
{
    /// <summary>Characters of a version-00 traceparent: <c>00-</c>, 32 hex, <c>-</c>, 16 hex, <c>-</c>, 2 hex.</summary>
    public const int TraceParentLength = 55;

    private static readonly string[] s_outcomes = [.. Enum.GetValues<Outcome>().Select(o => o.ToString().ToUpperInvariant())];

    private readonly byte[] _parent = new byte[TraceParentLength];
    private byte[] _state = [];
    private int _parentLength;
    private int _stateLength;
    private Activity? _activity;
    private string _topic = string.Empty;
    private string _spanName = PipelineTracing.ProcessSpanName;

    /// <summary>Gets a value indicating whether a record is being traced (between <see cref="Start"/> and <see cref="Stop"/>).</summary>
    public bool Active { get; private set; }

    /// <summary>Gets the span of the record; null when the listeners did not sample it (its context is then passed on unchanged).</summary>
    public Activity? Activity => _activity;

    /// <summary>
    /// Gets the trace context the record's outgoing records carry: the span's, or, when the record was not sampled, the
    /// one it came with; empty when neither.
    /// </summary>
    public TraceHeaders Headers
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_parent.AsSpan(0, _parentLength), _state.AsSpan(0, _stateLength));
    }

    /// <summary>
    /// Starts the consumer span of <paramref name="slot"/>, the child of the <c>traceparent</c> (and <c>tracestate</c>)
    /// it carries, or a new trace's root when it carries none or one that does not parse.
    /// </summary>
    /// <param name="slot">The consumed record.</param>
    /// <param name="groupId">The worker's consumer group.</param>
    public void Start(MessageSlot slot, string groupId)
    {
        Active = true;
        ReadOnlySpan<byte> parent = default;
        ReadOnlySpan<byte> state = default;
        for (int i = 0; i < slot.HeaderCount; i++)
        {
            ReadOnlySpan<byte> name = slot.HeaderName(i);
            if (name.SequenceEqual("traceparent"u8))
            {
                parent = slot.HeaderValue(i);
            }
            else if (name.SequenceEqual("tracestate"u8))
            {
                state = slot.HeaderValue(i);
            }
        }

        // A version-00 traceparent has a fixed length: anything else is no parent (and is not passed on).
        ActivityContext context = default;
        bool hasParent = parent.Length == TraceParentLength
            && ActivityContext.TryParse(Encoding.UTF8.GetString(parent), state.IsEmpty ? null : Encoding.UTF8.GetString(state), isRemote: true, out context);
        string topic = slot.TopicPartition!.Topic;
        _activity = PipelineTracing.Source.StartActivity(SpanName(topic), ActivityKind.Consumer, context);
        if (_activity is null)
        {
            // Not sampled (or nothing records this source): the context the record came with goes on unchanged.
            if (hasParent)
            {
                SetHeaders(parent, state);
            }

            return;
        }

        if (_activity.IsAllDataRequested)
        {
            _activity.SetTag("messaging.system", "kafka");
            _activity.SetTag("messaging.operation.type", "process");
            _activity.SetTag("messaging.operation.name", "process");
            _activity.SetTag("messaging.destination.name", topic);
            _activity.SetTag("messaging.destination.partition.id", slot.TopicPartition.Partition.Value.ToString(CultureInfo.InvariantCulture));
            _activity.SetTag("messaging.kafka.offset", slot.Offset);
            _activity.SetTag("messaging.consumer.group.name", groupId);
            _activity.SetTag("messaging.message.body.size", slot.ValueIsNull ? 0 : slot.ValueLength);
        }

        if (_activity.IdFormat != ActivityIdFormat.W3C || _activity.Id is not { Length: TraceParentLength } id)
        {
            // Only a process that set Activity.DefaultIdFormat to hierarchical gets here: such ids are no traceparent.
            return;
        }

        Span<byte> formatted = stackalloc byte[TraceParentLength];
        int length = Encoding.UTF8.GetBytes(id, formatted);
        string? traceState = _activity.TraceStateString;
        if (string.IsNullOrEmpty(traceState))
        {
            SetHeaders(formatted[..length], default);
            return;
        }

        SetHeaders(formatted[..length], Encoding.UTF8.GetBytes(traceState));
    }

    /// <summary>The record was decided: its manifestId and outcome on the span.</summary>
    /// <param name="manifestId">The manifestId, UTF-8.</param>
    /// <param name="outcome">The outcome.</param>
    public void Decided(ReadOnlySpan<byte> manifestId, Outcome outcome)
    {
        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("parcelstream.manifest.id", Encoding.UTF8.GetString(manifestId));
            activity.SetTag("parcelstream.outcome", (uint)outcome < (uint)s_outcomes.Length ? s_outcomes[(int)outcome] : outcome.ToString());
        }
    }

    /// <summary>The record was forwarded to the repartition topic (stateful stages): decided when consumed from there.</summary>
    /// <param name="manifestId">The manifestId, UTF-8.</param>
    public void Forwarded(ReadOnlySpan<byte> manifestId)
    {
        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("parcelstream.manifest.id", Encoding.UTF8.GetString(manifestId));
            activity.SetTag("parcelstream.outcome", "FORWARDED");
        }
    }

    /// <summary>The record was dead-lettered: the span ends in error, with the code.</summary>
    /// <param name="code">The dead-letter code (<see cref="DeadLetterHeaders.ErrorCode"/>).</param>
    public void DeadLettered(string code)
    {
        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("parcelstream.outcome", "DEAD_LETTER");
            activity.SetTag("error.type", code);
            activity.SetStatus(ActivityStatusCode.Error, code);
        }
    }

    /// <summary>Ends the record's span (what was produced for it is queued) and forgets its context.</summary>
    public void Stop()
    {
        _activity?.Dispose();
        _activity = null;
        _parentLength = 0;
        _stateLength = 0;
        Active = false;
    }

    private void SetHeaders(ReadOnlySpan<byte> parent, ReadOnlySpan<byte> state)
    {
        parent.CopyTo(_parent);
        _parentLength = parent.Length;
        if (_state.Length < state.Length)
        {
            _state = new byte[Math.Max(state.Length, 256)];
        }

        state.CopyTo(_state);
        _stateLength = state.Length;
    }

    /// <summary>The span name of the semantic conventions, <c>process {topic}</c>, made once per topic.</summary>
    private string SpanName(string topic)
    {
        if (!ReferenceEquals(topic, _topic) && topic != _topic)
        {
            _topic = topic;
            _spanName = PipelineTracing.ProcessSpanName + " " + topic;
        }

        return _spanName;
    }
}
