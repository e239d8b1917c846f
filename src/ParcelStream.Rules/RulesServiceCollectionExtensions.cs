using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ParcelStream.Rules;

/// <summary>Registers the rule engine.</summary>
public static class RulesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RuleEngineOptions"/> from "ParcelStream:Rules" and validates them now (an invalid setting throws,
    /// naming its key); registers the <see cref="RuleEngine"/> singleton, which loads the pack when first resolved, and a
    /// hosted service that resolves it at start-up (so a bad pack stops start-up with its file:line errors) and runs the
    /// <see cref="RulePackWatcher"/> when <see cref="RuleEngineOptions.WatchForChanges"/> is set.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public static IServiceCollection AddParcelStreamRules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(RuleEngineOptions.SectionName);
        var options = new RuleEngineOptions();
        section.Bind(options);
        options.Validate();

        services.AddOptions<RuleEngineOptions>().Bind(section).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            RuleEngineOptions current = sp.GetRequiredService<IOptions<RuleEngineOptions>>().Value;
            TimeProvider clock = sp.GetRequiredService<TimeProvider>();
            RulePack pack = RulePack.Load(current.Directory, clock);
            return new RuleEngine(pack, current, sp.GetService<ILogger<RuleEngine>>(), clock);
        });
        services.AddHostedService<RulesStartup>();
        return services;
    }
}
