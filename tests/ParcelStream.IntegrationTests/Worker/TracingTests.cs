using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Pipeline.Tracing;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Issue 16: a decision can be followed from the operator's producer to the downstream consumer. Manifests go in with
/// a W3C traceparent; each decision (and dead letter) comes out with the traceparent of the worker's span, in the
/// same trace, whose parent is the producer's span. The listener records only this test's traces, so the worker tests
/// running beside it are not traced.
/// </summary>
public sealed class TracingTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_ManifestsWithTraceParent_DecisionsAndDeadLettersCarryTheWorkersSpanInTheSameTrace(bool exactlyOnce)
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        const int Traced = 30;
        List<Message<byte[], byte[]>> input = TestManifests.Valid(Traced + 1, keys: Traced + 1);
        var producerSpans = new Dictionary<string, (ActivityTraceId Trace, ActivitySpanId Span)>();
        for (int i = 0; i < Traced; i++)
        {
            producerSpans[Encoding.UTF8.GetString(input[i].Key)] = WithTraceParent(input[i], "vendor=producer");
        }

        // The last manifest carries no trace context: its decision carries none either (its new trace is not sampled here).
        Message<byte[], byte[]> broken = TestManifests.Broken()[0].Message;
        (ActivityTraceId Trace, ActivitySpanId Span) brokenSpan = WithTraceParent(broken, null);
        input.Add(broken);
        HashSet<ActivityTraceId> traces = [.. producerSpans.Values.Select(p => p.Trace), brokenSpan.Trace];
        var recorded = new ConcurrentDictionary<ActivitySpanId, Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) => traces.Contains(o.Parent.TraceId) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = a => recorded[a.SpanId] = a,
        };
        ActivitySource.AddActivityListener(listener);
        h.Produce(input);
        WorkerOptions options = h.Options();
        options.ExactlyOnce = exactlyOnce;
        options.TransactionalId = exactlyOnce ? "parcelstream-test-" + h.Group : null;

        using IDecisionWorker worker = h.StartWorker(options);
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= input.Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();
        await worker.Completion;

        List<ReadDecision> decisions = h.ReadDecisions(Traced + 10);
        Assert.Equal(Traced + 1, decisions.Count);
        foreach (ReadDecision decision in decisions)
        {
            if (!producerSpans.TryGetValue(decision.Key, out (ActivityTraceId Trace, ActivitySpanId Span) producer))
            {
                Assert.False(decision.Headers.TryGetLastBytes(PipelineTracing.TraceParentHeader, out _), "an untraced manifest's decision has no traceparent");
                continue;
            }

            Activity span = AssertChildOf(decision.Headers, producer, recorded);
            Assert.Equal("vendor=producer", Encoding.UTF8.GetString(decision.Headers.GetLastBytes(PipelineTracing.TraceStateHeader)));
            Assert.Equal(ActivityKind.Consumer, span.Kind);
            Assert.Equal(h.Input, span.GetTagItem("messaging.destination.name"));
            Assert.Equal(decision.ManifestId, span.GetTagItem("parcelstream.manifest.id"));
            Assert.Equal(decision.Decision.Outcome.ToString().ToUpperInvariant(), span.GetTagItem("parcelstream.outcome"));
        }

        ConsumeResult<byte[], byte[]> dead = Assert.Single(h.ReadDeadLetters(5));
        Activity deadSpan = AssertChildOf(dead.Message.Headers, brokenSpan, recorded);
        Assert.Equal(ActivityStatusCode.Error, deadSpan.Status);
        Assert.Single(dead.Message.Headers, x => x.Key == PipelineTracing.TraceParentHeader);
        Assert.Equal(Traced + 1, recorded.Count);
    }

    /// <summary>The record's traceparent names a span the worker recorded, in the producer's trace, whose parent is the producer's span.</summary>
    private static Activity AssertChildOf(Headers headers, (ActivityTraceId Trace, ActivitySpanId Span) producer, ConcurrentDictionary<ActivitySpanId, Activity> recorded)
    {
        string traceParent = Encoding.UTF8.GetString(headers.GetLastBytes(PipelineTracing.TraceParentHeader));
        Assert.True(ActivityContext.TryParse(traceParent, null, out ActivityContext context), $"'{traceParent}' is a W3C traceparent");
        Assert.Equal(producer.Trace, context.TraceId);
        Assert.True(recorded.TryGetValue(context.SpanId, out Activity? span), $"the worker recorded span {context.SpanId}");
        Assert.Equal(producer.Span, span.ParentSpanId);
        return span;
    }

    /// <summary>Sets a new traceparent (sampled) and optionally a tracestate on <paramref name="message"/>, as the operator's producer would.</summary>
    private static (ActivityTraceId Trace, ActivitySpanId Span) WithTraceParent(Message<byte[], byte[]> message, string? traceState)
    {
        var trace = ActivityTraceId.CreateRandom();
        var span = ActivitySpanId.CreateRandom();
        message.Headers ??= [];
        message.Headers.Add(PipelineTracing.TraceParentHeader, Encoding.UTF8.GetBytes($"00-{trace.ToHexString()}-{span.ToHexString()}-01"));
        if (traceState is not null)
        {
            message.Headers.Add(PipelineTracing.TraceStateHeader, Encoding.UTF8.GetBytes(traceState));
        }

        return (trace, span);
    }
}
