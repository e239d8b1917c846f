using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Tracing;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Tracing;

/// <summary>
/// Issue 16: a consumed record's span is the child of the traceparent it carries, and what the worker produces for it
/// carries that span's context. Each test listens only to spans of its own topic, so tests running beside it are not traced.
/// </summary>
public sealed class RecordTraceTests
{
    private const string ProducerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ProducerSpanId = "00f067aa0ba902b7";
    private const string ProducerParent = "00-" + ProducerTraceId + "-" + ProducerSpanId + "-01";

    [Fact]
    public void Start_RecordWithTraceParent_SpanIsItsChildAndHeadersCarryTheSpan()
    {
        string topic = UniqueTopic();
        using var spans = new TopicListener(topic, ActivitySamplingResult.AllDataAndRecorded);
        MessageSlot slot = Slot(topic, (PipelineTracing.TraceParentHeader, ProducerParent), (PipelineTracing.TraceStateHeader, "vendor=abc"));
        var trace = new RecordTrace();

        trace.Start(slot, "workers");
        Activity span = Assert.IsType<Activity>(trace.Activity);
        string parent = Encoding.UTF8.GetString(trace.Headers.Parent);
        string state = Encoding.UTF8.GetString(trace.Headers.State);
        trace.Decided("M-1"u8, Outcome.Inspect);
        trace.Stop();

        Assert.Equal(ProducerTraceId, span.TraceId.ToHexString());
        Assert.Equal(ProducerSpanId, span.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("process " + topic, span.DisplayName);
        Assert.Equal($"00-{ProducerTraceId}-{span.SpanId.ToHexString()}-01", parent);
        Assert.Equal("vendor=abc", state);
        Assert.Equal("kafka", span.GetTagItem("messaging.system"));
        Assert.Equal(topic, span.GetTagItem("messaging.destination.name"));
        Assert.Equal("3", span.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(1234L, span.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("workers", span.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("M-1", span.GetTagItem("parcelstream.manifest.id"));
        Assert.Equal("INSPECT", span.GetTagItem("parcelstream.outcome"));
        Assert.Single(spans.Stopped);
        Assert.Equal(0, trace.Headers.Count);
        Assert.False(trace.Active);
    }

    [Fact]
    public void Start_RecordWithoutTraceParent_NewRootSpanWhoseContextIsWritten()
    {
        string topic = UniqueTopic();
        using var spans = new TopicListener(topic, ActivitySamplingResult.AllDataAndRecorded);
        var trace = new RecordTrace();

        trace.Start(Slot(topic), "workers");
        Activity span = Assert.IsType<Activity>(trace.Activity);
        string parent = Encoding.UTF8.GetString(trace.Headers.Parent);
        trace.Stop();

        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal(span.Id, parent);
        Assert.Equal(1, new TraceHeaders(Encoding.UTF8.GetBytes(parent), default).Count);
    }

    [Fact]
    public void Start_NotSampled_ContextTheRecordCameWithPassedOnUnchanged()
    {
        string topic = UniqueTopic();
        using var spans = new TopicListener(topic, ActivitySamplingResult.None);
        var trace = new RecordTrace();

        trace.Start(Slot(topic, (PipelineTracing.TraceParentHeader, ProducerParent), (PipelineTracing.TraceStateHeader, "vendor=abc")), "workers");
        string parent = Encoding.UTF8.GetString(trace.Headers.Parent);
        string state = Encoding.UTF8.GetString(trace.Headers.State);
        Activity? span = trace.Activity;
        trace.Stop();

        Assert.Null(span);
        Assert.Equal(ProducerParent, parent);
        Assert.Equal("vendor=abc", state);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")]
    [InlineData("not a traceparent at all, but fifty-five characters lo")]
    public void Start_InvalidTraceParent_RootSpanAndNothingOfItPassedOn(string invalid)
    {
        string topic = UniqueTopic();
        using var spans = new TopicListener(topic, ActivitySamplingResult.AllDataAndRecorded);
        var trace = new RecordTrace();

        trace.Start(Slot(topic, (PipelineTracing.TraceParentHeader, invalid)), "workers");
        Activity span = Assert.IsType<Activity>(trace.Activity);
        string parent = Encoding.UTF8.GetString(trace.Headers.Parent);
        trace.Stop();

        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal(span.Id, parent);
    }

    [Fact]
    public void DeadLettered_SpanEndsInErrorWithTheCode()
    {
        string topic = UniqueTopic();
        using var spans = new TopicListener(topic, ActivitySamplingResult.AllDataAndRecorded);
        var trace = new RecordTrace();

        trace.Start(Slot(topic, (PipelineTracing.TraceParentHeader, ProducerParent)), "workers");
        Activity span = Assert.IsType<Activity>(trace.Activity);
        trace.DeadLettered("InvalidManifest.MissingManifestId");
        trace.Stop();

        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("DEAD_LETTER", span.GetTagItem("parcelstream.outcome"));
        Assert.Equal("InvalidManifest.MissingManifestId", span.GetTagItem("error.type"));
    }

    [Fact]
    public void DeadLetterPlan_WithTraceContext_ReplacesTheOriginalsContextKeepsTheOtherHeaders()
    {
        MessageSlot slot = Slot("parcels.manifests", ("h0", "a"), (PipelineTracing.TraceParentHeader, ProducerParent), (PipelineTracing.TraceStateHeader, "vendor=abc"), ("h1", "b"));
        const string Span = "00-" + ProducerTraceId + "-1111111111111111-01";
        var record = new DeadLetterRecord(1_000_000, 1024 * 1024);

        record.Plan(slot, "Truncated"u8, 3, "parcels.manifests"u8, coordinatesOnly: false, new TraceHeaders(Encoding.UTF8.GetBytes(Span), "vendor=xyz"u8));

        List<(string Name, string Value)> headers = [.. Enumerable.Range(0, record.Headers.Count).Select(i => (Encoding.UTF8.GetString(record.Headers.Name(i)), Encoding.UTF8.GetString(record.Headers.Value(i))))];
        Assert.Equal([(PipelineTracing.TraceParentHeader, Span)], headers.Where(h => h.Name == PipelineTracing.TraceParentHeader));
        Assert.Equal([(PipelineTracing.TraceStateHeader, "vendor=xyz")], headers.Where(h => h.Name == PipelineTracing.TraceStateHeader));
        Assert.Equal(["h0", "h1"], headers.Where(h => h.Name.StartsWith('h')).Select(h => h.Name));
        Assert.Equal(0, record.DroppedHeaders);
    }

    [Fact]
    public void DeadLetterPlan_WithoutTraceContext_OriginalsCopiedAsTheyAre()
    {
        MessageSlot slot = Slot("parcels.manifests", (PipelineTracing.TraceParentHeader, ProducerParent));
        var record = new DeadLetterRecord(1_000_000, 1024 * 1024);

        record.Plan(slot, "Truncated"u8, 3, "parcels.manifests"u8, coordinatesOnly: false);

        int at = Enumerable.Range(0, record.Headers.Count).Single(i => record.Headers.Name(i).SequenceEqual("traceparent"u8));
        Assert.Equal(ProducerParent, Encoding.UTF8.GetString(record.Headers.Value(at)));
    }

    private static string UniqueTopic() => "trace-" + Guid.NewGuid().ToString("N")[..12];

    private static MessageSlot Slot(string topic, params (string Name, string Value)[] headers)
    {
        var slot = new MessageSlot { TopicPartition = new TopicPartition(topic, 3), Offset = 1234 };
        slot.SetValue(new byte[40], isNull: false);
        slot.SetKey("key"u8, isNull: false);
        slot.ClearHeaders();
        foreach ((string name, string value) in headers)
        {
            slot.AddHeader(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));
        }

        return slot;
    }

    /// <summary>Listens to the worker's source, deciding the sampling of the spans of one topic only (the rest are not sampled).</summary>
    private sealed class TopicListener : IDisposable
    {
        private readonly ActivityListener _listener;

        public TopicListener(string topic, ActivitySamplingResult sampling)
        {
            string name = PipelineTracing.ProcessSpanName + " " + topic;
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PipelineTracing.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Name == name ? sampling : ActivitySamplingResult.None,
                ActivityStopped = activity =>
                {
                    if (activity.DisplayName == name)
                    {
                        lock (Stopped)
                        {
                            Stopped.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Stopped { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
