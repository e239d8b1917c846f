using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations;

/// <summary>Registers the operations endpoint: Prometheus metrics, /healthz and /readyz.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="MetricsOptions"/> from <c>ParcelStream:Metrics</c> (a bad value throws here,
    /// naming its key) and, unless disabled, serves /metrics, /healthz and /readyz on its port while the host runs.
    /// Needs the worker (<c>AddParcelStreamPipeline</c>) and the rule engine (<c>AddParcelStreamRules</c>). Register it
    /// before the pipeline: hosted services stop in reverse order, so the endpoint then outlives the worker's drain.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidConfigurationException">A setting is invalid.</exception>
    public static IServiceCollection AddParcelStreamMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        MetricsOptions options = OptionsBinding.Bind<MetricsOptions>(configuration, MetricsOptions.SectionName);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new OperationsHealth(sp.GetRequiredService<WorkerHandle>(), sp.GetService<RuleEngine>, sp.GetService<FeedbackHandle>(), sp.GetService<RegistrySchemas>()));
        services.AddSingleton(sp => new ParcelStreamMetrics(sp.GetRequiredService<OperationsHealth>()));
        if (options.Enabled)
        {
            services.AddHostedService<OperationsService>();
        }

        return services;
    }
}
