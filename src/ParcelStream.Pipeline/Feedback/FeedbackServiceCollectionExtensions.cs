using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>Registers inspection feedback.</summary>
public static class FeedbackServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="FeedbackOptions"/> and the prior (<see cref="RiskHistoryOptions"/>, same section),
    /// registers the <see cref="FeedbackHandle"/> (whose history the decision stage reads) and, when enabled, the hosted
    /// service that reads the statistics back and runs the join. Call before <c>AddParcelStreamPipeline</c>: the worker
    /// then also writes decided manifests, and starts only after the statistics are read back.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its key.</exception>
    public static IServiceCollection AddParcelStreamFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new FeedbackOptions();
        var prior = new RiskHistoryOptions();
        var worker = new WorkerOptions();
        try
        {
            configuration.GetSection(FeedbackOptions.SectionName).Bind(options);
            configuration.GetSection(FeedbackOptions.SectionName).Bind(prior);
            configuration.GetSection(WorkerOptions.SectionName).Bind(worker);
            prior.Validate(FeedbackOptions.SectionName);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException($"Configuration section {FeedbackOptions.SectionName} has an invalid value: {ex.Message}", ex);
        }

        options.Validate(worker);
        services.AddSingleton(options);
        if (options.Enabled)
        {
            services.AddSingleton(new FeedbackHandle(new RiskHistoryTable(prior)));
            services.AddHostedService<FeedbackService>();
        }

        return services;
    }

    /// <summary>The decided topic the worker writes to: the feedback's when feedback is registered and on.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The topic, or null.</returns>
    internal static string? DecidedTopic(IServiceCollection services) =>
        services.FirstOrDefault(d => d.ServiceType == typeof(FeedbackOptions))?.ImplementationInstance is FeedbackOptions { Enabled: true } feedback
            ? feedback.DecidedTopic
            : null;
}
