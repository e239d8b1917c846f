using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.State;
using ParcelStream.Rules;

namespace ParcelStream.Pipeline.Worker;

/// <summary>Registers the Kafka decision worker.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="WorkerOptions"/>, <see cref="KafkaSettings"/> and <see cref="SchemaRegistrySettings"/>
    /// (a bad value throws here, at start-up, naming its key), loads the local schemas (and, with a
    /// <c>schema.registry.url</c>, the Confluent Schema Registry's client), and runs the worker as a hosted service.
    /// </summary>
    /// <typeparam name="TStage">What decides.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="stageFactory">Creates the decision stage.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddParcelStreamPipeline<TStage>(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, TStage> stageFactory)
        where TStage : struct, IDecisionStage
    {
        ArgumentNullException.ThrowIfNull(configuration);
        WorkerOptions options = Bind<WorkerOptions>(configuration, WorkerOptions.SectionName);
        options.DecidedTopic ??= Feedback.FeedbackServiceCollectionExtensions.DecidedTopic(services);
        options.Validate();
        StateOptions state = Bind<StateOptions>(configuration, StateOptions.SectionName);
        state.ToSettings();
        SchemaRegistry registry = string.IsNullOrEmpty(options.SchemasDirectory)
            ? SchemaRegistry.Default
            : SchemaRegistry.LoadDirectory(options.SchemasDirectory);
        SchemaRegistrySettings registrySettings = SchemaRegistrySettings.FromConfiguration(configuration);
        if (registrySettings.Enabled)
        {
            // The registry's ids are the only ones: the local schemas stay known by fingerprint (single-object, raw).
            registry = registry.WithoutIds();
            SchemaRegistry codec = registry;
            services.AddSingleton(sp => new RegistrySchemas(registrySettings, codec, sp.GetRequiredService<ILoggerFactory>().CreateLogger(RegistrySchemas.LogCategory)));
        }

        services.AddSingleton(options);
        services.AddSingleton(state);
        if (state.Enabled)
        {
            // Needs the rule engine (AddParcelStreamRules): its pack must define every threshold the stages name.
            services.AddSingleton(sp => new StatefulProcessing(state, () => sp.GetRequiredService<RuleEngine>().Current));
        }

        services.AddSingleton(registry);
        services.AddSingleton(CodecLimits.Default);
        services.AddSingleton(KafkaSettings.FromConfiguration(configuration));
        services.AddSingleton<WorkerHandle>();
        services.AddSingleton(new StageFactory<TStage>(stageFactory));
        services.AddHostedService<DecisionWorkerService<TStage>>();
        return services;
    }

    /// <summary>Binds a section; a value of the wrong type throws naming the section.</summary>
    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException($"Configuration section {section} has a value of the wrong type: {ex.Message}", ex);
        }

        return options;
    }
}
