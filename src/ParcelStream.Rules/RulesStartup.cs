using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ParcelStream.Rules;

/// <summary>Loads the rule pack when the host starts (a bad pack fails the start) and watches it for changes while the host runs.</summary>
internal sealed partial class RulesStartup(
    IServiceProvider services,
    IOptions<RuleEngineOptions> options,
    TimeProvider clock,
    ILoggerFactory? loggerFactory = null) : IHostedService, IDisposable
{
    private readonly ILogger _logger = loggerFactory?.CreateLogger<RulesStartup>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private RulePackWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var engine = (RuleEngine)services.GetService(typeof(RuleEngine))!;
        LogLoaded(_logger, engine.Current.Version, engine.Current.RuleCount, engine.Current.Directory);
        if (options.Value.WatchForChanges)
        {
            _watcher = new RulePackWatcher(engine, options.Value, loggerFactory?.CreateLogger<RulePackWatcher>(), clock);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Rule pack {Version} ({RuleCount} rules) loaded from {Directory}")]
    private static partial void LogLoaded(ILogger logger, string version, int ruleCount, string directory);
}
