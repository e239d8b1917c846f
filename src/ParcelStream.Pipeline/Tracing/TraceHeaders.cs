namespace ParcelStream.Pipeline.Tracing;

/// <summary>
/// The W3C trace context to write onto an outgoing record: the <c>traceparent</c> and <c>tracestate</c> header values,
/// UTF-8. Default (both empty) when tracing is off or the record has no context: the record then gets neither header.
/// </summary>
/// <param name="parent">The traceparent value; empty for none.</param>
/// <param name="state">The tracestate value; empty for none.</param>
internal readonly ref struct TraceHeaders(ReadOnlySpan<byte> parent, ReadOnlySpan<byte> state)
{
    /// <summary>Gets the traceparent value (empty: no trace context, and no tracestate either).</summary>
    public ReadOnlySpan<byte> Parent { get; } = parent;

    /// <summary>Gets the tracestate value (empty for none).</summary>
    public ReadOnlySpan<byte> State { get; } = state;

    /// <summary>Gets the number of headers these add to a record: 0, 1 or 2.</summary>
    public int Count => Parent.IsEmpty ? 0 : State.IsEmpty ? 1 : 2;
}
