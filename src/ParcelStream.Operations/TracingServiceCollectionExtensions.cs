using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ParcelStream.Pipeline.Tracing;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations;

/// <summary>Registers the OTLP trace export of the worker's spans (OpenTelemetry's SDK).</summary>
public static class TracingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TracingOptions"/> from <c>ParcelStream:Tracing</c> (a bad value throws here, naming
    /// its key) and, when enabled, records the spans of <see cref="PipelineTracing.Source"/> (parent-based sampling, with
    /// <see cref="TracingOptions.SampleRatio"/> for the traces that start here) and exports them over OTLP while the
    /// host runs. Off, nothing listens to the source and the worker does no tracing work at all.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidConfigurationException">A setting is invalid.</exception>
    public static IServiceCollection AddParcelStreamTracing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TracingOptions options = OptionsBinding.Bind<TracingOptions>(configuration, TracingOptions.SectionName);
        options.Validate();
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }

        Uri? endpoint = options.ParsedEndpoint();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: typeof(PipelineTracing).Assembly.GetName().Version?.ToString(3)))
            .WithTracing(tracing => tracing
                .AddSource(PipelineTracing.SourceName)
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = options.ParsedProtocol();
                    if (endpoint is not null)
                    {
                        otlp.Endpoint = endpoint;
                    }
                }));
        return services;
    }
}
