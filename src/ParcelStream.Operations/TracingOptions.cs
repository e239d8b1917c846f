using System.Globalization;
using OpenTelemetry.Exporter;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations;

/// <summary>
/// Settings of the OTLP trace export, bound from <c>ParcelStream:Tracing</c> (environment:
/// <c>PARCELSTREAM__TRACING__ENABLED=true</c>). Off by default: the worker then starts no span and reads no trace header.
/// </summary>
public sealed class TracingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Tracing";

    /// <summary>The OTLP/gRPC protocol (port 4317 by convention).</summary>
    public const string Grpc = "grpc";

    /// <summary>The OTLP/HTTP protocol with protobuf bodies (port 4318 by convention, path /v1/traces).</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>Gets or sets a value indicating whether spans are recorded and exported.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the collector's OTLP endpoint, e.g. http://otel-collector:4317; empty for the exporter's own default
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, else http://localhost:4317 for grpc and http://localhost:4318/v1/traces for
    /// http/protobuf). With http/protobuf an endpoint without a path gets /v1/traces.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <see cref="Grpc"/> or <see cref="HttpProtobuf"/>.</summary>
    public string Protocol { get; set; } = Grpc;

    /// <summary>
    /// Gets or sets the share of the traces that start here (records without a sampled traceparent) that are recorded,
    /// 0 to 1. A record whose producer sampled its trace is always recorded, one whose producer did not never is.
    /// </summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>Gets or sets the <c>service.name</c> of the spans.</summary>
    public string ServiceName { get; set; } = "parcelstream";

    /// <summary>Gets the parsed <see cref="Protocol"/>.</summary>
    /// <returns>The protocol.</returns>
    public OtlpExportProtocol ParsedProtocol() =>
        string.Equals(Protocol, HttpProtobuf, StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

    /// <summary>Gets the endpoint the exporter sends to, or null for the exporter's default.</summary>
    /// <returns>The endpoint: with http/protobuf and no path, the traces path added.</returns>
    public Uri? ParsedEndpoint()
    {
        if (string.IsNullOrWhiteSpace(OtlpEndpoint))
        {
            return null;
        }

        var endpoint = new Uri(OtlpEndpoint, UriKind.Absolute);
        return ParsedProtocol() == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/traces") : endpoint;
    }

    /// <summary>Checks every setting (also when tracing is off, so that turning it on later does not meet an old mistake).</summary>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its configuration key.</exception>
    public void Validate()
    {
        if (!string.Equals(Protocol, Grpc, StringComparison.OrdinalIgnoreCase) && !string.Equals(Protocol, HttpProtobuf, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(Protocol)}", $"must be {Grpc} or {HttpProtobuf}, got '{Protocol}'.");
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out Uri? endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(OtlpEndpoint)}", $"must be an absolute http:// or https:// URL such as http://otel-collector:4317, got '{OtlpEndpoint}'.");
        }

        if (!(SampleRatio is >= 0 and <= 1))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(SampleRatio)}", $"must be 0 to 1, got {SampleRatio.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(ServiceName)}", "is empty: it names the service the spans belong to.");
        }
    }
}
