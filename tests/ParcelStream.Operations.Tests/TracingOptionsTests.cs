using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using ParcelStream.Pipeline.Tracing;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations.Tests;

/// <summary>Issue 16: the OTLP trace option, off by default, validated at start, and wired to the worker's source when on.</summary>
public sealed class TracingOptionsTests
{
    [Theory]
    [InlineData("Protocol", "zipkin")]
    [InlineData("OtlpEndpoint", "otel-collector:4317")]
    [InlineData("OtlpEndpoint", "ftp://otel-collector:4317")]
    [InlineData("SampleRatio", "1.5")]
    [InlineData("SampleRatio", "-0.1")]
    [InlineData("SampleRatio", "NaN")]
    [InlineData("ServiceName", " ")]
    public void AddParcelStreamTracing_InvalidSetting_ThrowsNamingTheKey(string key, string value)
    {
        IConfiguration configuration = Configuration(("ParcelStream:Tracing:" + key, value));

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddParcelStreamTracing(configuration));

        Assert.Equal("ParcelStream:Tracing:" + key, ex.Key);
    }

    [Fact]
    public void AddParcelStreamTracing_RatioNotANumber_ThrowsNamingTheSection()
    {
        IConfiguration configuration = Configuration(("ParcelStream:Tracing:SampleRatio", "half"));

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddParcelStreamTracing(configuration));

        Assert.Contains("ParcelStream:Tracing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddParcelStreamTracing_Default_OffAndNoTracerProvider()
    {
        var services = new ServiceCollection();

        services.AddParcelStreamTracing(Configuration());

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.False(provider.GetRequiredService<TracingOptions>().Enabled);
        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("grpc", null, OtlpExportProtocol.Grpc, null)]
    [InlineData("GRPC", "http://collector:4317", OtlpExportProtocol.Grpc, "http://collector:4317/")]
    [InlineData("http/protobuf", "http://collector:4318", OtlpExportProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("http/protobuf", "https://collector/otlp/v1/traces", OtlpExportProtocol.HttpProtobuf, "https://collector/otlp/v1/traces")]
    public void Parsed_ProtocolAndEndpoint_WhatTheExporterGets(string protocol, string? endpoint, OtlpExportProtocol expectedProtocol, string? expectedEndpoint)
    {
        var options = new TracingOptions { Protocol = protocol, OtlpEndpoint = endpoint };

        options.Validate();

        Assert.Equal(expectedProtocol, options.ParsedProtocol());
        Assert.Equal(expectedEndpoint, options.ParsedEndpoint()?.ToString());
    }

    [Theory]
    [InlineData("1", true, true)]
    [InlineData("0", true, false)]
    [InlineData("0", false, true)]
    public void AddParcelStreamTracing_Enabled_WorkerSpansRecordedParentBased(string ratio, bool root, bool expectRecorded)
    {
        var exported = new List<Activity>();
        var services = new ServiceCollection();
        services.AddParcelStreamTracing(Configuration(("ParcelStream:Tracing:Enabled", "true"), ("ParcelStream:Tracing:SampleRatio", ratio), ("ParcelStream:Tracing:OtlpEndpoint", "http://127.0.0.1:4317")));
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        using ServiceProvider provider = services.BuildServiceProvider();
        using TracerProvider tracer = provider.GetRequiredService<TracerProvider>();
        string name = "process tracing-test-" + Guid.NewGuid().ToString("N");
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        using (Activity? span = PipelineTracing.Source.StartActivity(name, ActivityKind.Consumer, root ? default : parent))
        {
            Assert.Equal(expectRecorded, span?.Recorded ?? false);
        }

        tracer.ForceFlush();
        Activity[] mine = [.. exported.Where(a => a.DisplayName == name)];
        Assert.Equal(expectRecorded ? 1 : 0, mine.Length);
        if (expectRecorded && !root)
        {
            Assert.Equal(parent.TraceId, mine[0].TraceId);
            Assert.Equal(parent.SpanId, mine[0].ParentSpanId);
        }
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
