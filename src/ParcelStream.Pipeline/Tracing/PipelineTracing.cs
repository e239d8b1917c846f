using System.Diagnostics;

namespace ParcelStream.Pipeline.Tracing;

/// <summary>
/// The worker's traces: one <see cref="ActivitySource"/>, <see cref="SourceName"/>, and the W3C trace context headers it
/// reads from manifest records and writes onto the decision and dead-letter records it produces. Nothing is traced
/// until a listener (OpenTelemetry's SDK, <c>ParcelStream:Tracing:Enabled</c>) listens to the source.
/// </summary>
public static class PipelineTracing
{
    /// <summary>The name of the source (what <c>AddSource</c> takes).</summary>
    public const string SourceName = "ParcelStream";

    /// <summary>The W3C trace context header that carries the parent span (<c>00-{trace id}-{span id}-{flags}</c>).</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C trace context header that carries vendor state along with <see cref="TraceParentHeader"/>.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>The name of the span of one consumed record (the semantic conventions' "process" operation).</summary>
    public const string ProcessSpanName = "process";

    /// <summary>Gets the source the decision worker starts its spans from.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(PipelineTracing).Assembly.GetName().Version?.ToString(3));
}
