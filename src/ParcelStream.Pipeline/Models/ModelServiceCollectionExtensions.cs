using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Models;

/// <summary>Registers the model topic reader.</summary>
public static class ModelServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="ModelOptions"/>, and when enabled reads the model topic for the host's lifetime.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidConfigurationException">A value of the section is invalid; the message names the key.</exception>
    public static IServiceCollection AddParcelStreamModels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ModelOptions();
        try
        {
            configuration.GetSection(ModelOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException($"Configuration section {ModelOptions.SectionName} has an invalid value: {ex.Message}", ex);
        }

        options.Validate();
        services.AddSingleton(options);
        if (options.Enabled)
        {
            services.AddHostedService<ModelTopicService>();
        }

        return services;
    }
}
