using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Rules.Compilation;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <summary>
/// Watches a rule pack directory and reloads the engine when the pack's content changes: file-system events
/// (debounced, so that an editor's or a deployment's burst of writes gives one reload) plus polling as a fallback for
/// file systems that raise no events. Changes are detected by hashing the content of every non-hidden file, which
/// also catches a Kubernetes ConfigMap update: the kubelet swaps the ..data symlink, the visible file names stay and
/// their content changes. A pack that failed to load is not retried until its content changes again.
/// </summary>
public sealed partial class RulePackWatcher : IDisposable
{
    private readonly RuleEngine _engine;
    private readonly string _directory;
    private readonly TimeSpan _debounce;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _debounceTimer;
    private readonly ITimer? _pollTimer;
    private readonly Lock _gate = new();
    private ulong _loaded;
    private ulong _rejected;
    private bool _disposed;

    /// <summary>Starts watching <see cref="RuleEngineOptions.Directory"/>.</summary>
    /// <param name="engine">The engine to reload.</param>
    /// <param name="options">Directory, poll interval and debounce.</param>
    /// <param name="logger">Where changes and failures are logged.</param>
    /// <param name="clock">Clock for the timers (tests pass a fake one).</param>
    public RulePackWatcher(RuleEngine engine, RuleEngineOptions options, ILogger<RulePackWatcher>? logger = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _engine = engine;
        _directory = options.Directory;
        _debounce = options.ReloadDebounce;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        clock ??= TimeProvider.System;
        _loaded = Fingerprint(_directory);
        _debounceTimer = clock.CreateTimer(_ => CheckSafely(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (options.PollInterval > TimeSpan.Zero)
        {
            _pollTimer = clock.CreateTimer(_ => CheckSafely(), null, options.PollInterval, options.PollInterval);
        }

        try
        {
            _watcher = new FileSystemWatcher(_directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnChanged;
            _watcher.Created += OnChanged;
            _watcher.Deleted += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.Error += OnError;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null;
            LogNoEvents(_logger, _directory, e.Message);
        }

        LogWatching(_logger, _directory, options.PollInterval);
    }

    /// <summary>Checks the directory now and reloads when its content changed since the last load or rejection.</summary>
    /// <returns>True when a new pack was loaded.</returns>
    public bool CheckForChanges()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            ulong fingerprint;
            try
            {
                fingerprint = Fingerprint(_directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file vanished between listing and reading: the burst of changes is not over, the next event or poll retries.
                LogUnreadable(_logger, _directory, e.Message);
                return false;
            }

            if (fingerprint == _loaded || fingerprint == _rejected)
            {
                return false;
            }

            LogChanged(_logger, _directory);
            if (_engine.TryReload(_directory, out _))
            {
                _loaded = fingerprint;
                _rejected = 0;
                return true;
            }

            _rejected = fingerprint;
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _debounceTimer.Dispose();
        _pollTimer?.Dispose();
    }

    /// <summary>Hashes the relative path and content of every file that takes part in loading.</summary>
    private static ulong Fingerprint(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 1;
        }

        ulong hash = StableHash.Start;
        foreach (string file in PackCompiler.PackFiles(directory))
        {
            hash = StableHash.Add(hash, System.Text.Encoding.UTF8.GetBytes(file));
            hash = StableHash.Add(hash, 0);
            hash = StableHash.Add(hash, File.ReadAllBytes(Path.Combine(directory, file)));
            hash = StableHash.Add(hash, 0);
        }

        return StableHash.Finish(hash) | 2;
    }

    /// <summary>A timer's check: an exception thrown on a timer thread would end the process, so none leaves.</summary>
    private void CheckSafely()
    {
        try
        {
            CheckForChanges();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCheckFailed(_logger, _directory, e.Message);
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);

    private void OnError(object sender, ErrorEventArgs e)
    {
        LogWatcherError(_logger, _directory, e.GetException().Message);
        _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Watching rule pack {Directory} (file-system events, polling every {PollInterval})")]
    private static partial void LogWatching(ILogger logger, string directory, TimeSpan pollInterval);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Rule pack {Directory} changed: reloading")]
    private static partial void LogChanged(ILogger logger, string directory);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "No file-system events for {Directory} ({Reason}): relying on polling")]
    private static partial void LogNoEvents(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "File-system watcher error on {Directory} ({Reason}): checking now, polling continues")]
    private static partial void LogWatcherError(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Error, Message = "Checking rule pack {Directory} for changes failed ({Reason}); still running the current pack, polling continues")]
    private static partial void LogCheckFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "Rule pack {Directory} unreadable while changing ({Reason}); will retry")]
    private static partial void LogUnreadable(ILogger logger, string directory, string reason);
}
