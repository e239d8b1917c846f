using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Capacity;

namespace ParcelStream.Rules;

/// <summary>
/// Decides RELEASE, HOLD or INSPECT for manifests with the current rule pack. Thread-safe: <c>Evaluate</c> runs
/// on several threads at once (each with its own view and decision) while <see cref="TryReload"/> swaps the pack
/// atomically; an evaluation uses the pack it started with from start to end.
/// </summary>
public sealed partial class RuleEngine
{
    private readonly EngineSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _reloadLock = new();
    private volatile RulePack _current;
    private Learning.RiskModel? _topicModel;
    private long _reloads;
    private long _reloadFailures;

    /// <summary>Initializes a new engine.</summary>
    /// <param name="pack">The initial pack.</param>
    /// <param name="options">Thresholds, random selection, escalation.</param>
    /// <exception cref="InvalidOperationException">An option is out of range (the message names its key).</exception>
    public RuleEngine(RulePack pack, RuleEngineOptions options)
        : this(pack, options, null, null)
    {
    }

    /// <summary>Initializes a new engine that logs reloads.</summary>
    /// <param name="pack">The initial pack.</param>
    /// <param name="options">Thresholds, random selection, escalation.</param>
    /// <param name="logger">Where reloads and rejected packs are logged.</param>
    /// <param name="clock">Clock for the loaded packs' load time.</param>
    /// <exception cref="InvalidOperationException">An option is out of range (the message names its key).</exception>
    public RuleEngine(RulePack pack, RuleEngineOptions options, ILogger<RuleEngine>? logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        _settings = new EngineSettings(options);
        _current = pack;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Gets the pack in use.</summary>
    public RulePack Current => _current;

    /// <summary>Gets the number of successful reloads.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Gets the number of rejected reloads (invalid packs).</summary>
    public long ReloadFailures => Interlocked.Read(ref _reloadFailures);

    /// <summary>
    /// Evaluates a manifest: fills the decision's outcome, risk score, reasons, ruleset version and post-clearance-audit
    /// flag. Does not reset the decision nor set its manifest ids, source or decision time: the caller does. Allocates
    /// nothing once the decision's buffers have grown to size.
    /// </summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision to fill (reset by the caller).</param>
    public void Evaluate(ManifestView manifest, CustomsDecision decision)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        _current.Evaluate(manifest, decision, _settings);
    }

    /// <summary>
    /// Evaluates a manifest of an input partition: the partition's own estimate of the score distribution gives the
    /// inspection cut-off (and learns from this parcel), so lanes share nothing. Allocates only the first time a
    /// partition and destination is seen.
    /// </summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision to fill (reset by the caller); its <see cref="CustomsDecision.Cutoff"/> records the cut-off used.</param>
    /// <param name="partition">The input partition (or a replay's shard); -1 when not known.</param>
    public void Evaluate(ManifestView manifest, CustomsDecision decision, int partition)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        _current.Evaluate(manifest, decision, _settings, partition);
    }

    /// <summary>
    /// Evaluates a manifest of an input partition that was decided before (again after a restart): with the cut-off it
    /// was decided with, it gets the same decision although the partition's estimate differs now; the estimate learns
    /// from it as from any parcel. With NaN, the same as <see cref="Evaluate(ManifestView, CustomsDecision, int)"/>.
    /// </summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision to fill (reset by the caller).</param>
    /// <param name="partition">The input partition (or a replay's shard); -1 when not known.</param>
    /// <param name="recordedCutoff">The cut-off of the earlier decision (header <c>parcelstream.cutoff</c>), or NaN.</param>
    public void Evaluate(ManifestView manifest, CustomsDecision decision, int partition, double recordedCutoff)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        _current.Evaluate(manifest, decision, _settings, partition, recordedCutoff);
    }

    /// <summary>
    /// Reproduces a decision with the cut-off it recorded: the same manifest, pack, history and cut-off give the same
    /// outcome and reasons. Nothing is learnt from the parcel.
    /// </summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision to fill (reset by the caller; set its risk history first when it had one).</param>
    /// <param name="cutoff">The recorded cut-off (header <c>parcelstream.cutoff</c>).</param>
    public void EvaluateWithCutoff(ManifestView manifest, CustomsDecision decision, double cutoff)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        if (double.IsNaN(cutoff))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), "A cut-off is a number or an infinity.");
        }

        _current.Evaluate(manifest, decision, _settings, -1, cutoff);
    }

    /// <summary>Gets the default inspection capacity share, or null when capacity is off (the inspect threshold decides).</summary>
    public double? CapacityShare => _settings.Capacity?.DefaultShare;

    /// <summary>Gets the inspection capacity per destination, summed over partitions (empty when capacity is off; allocates).</summary>
    /// <returns>One status per destination.</returns>
    public IReadOnlyList<CapacityStatus> GetCapacity() => _settings.Capacity?.GetStatus() ?? [];

    /// <summary>
    /// Makes <paramref name="model"/> the current pack's model (the pack's own file is set aside) and keeps it across pack
    /// reloads: what the model topic delivers. The swap is one reference write: an evaluation sees the old or the new
    /// model, never a mix. Does nothing when the pack's model mode is off.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <returns>False when the pack's mode is off, so the model is not used.</returns>
    public bool SetModel(Learning.RiskModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_reloadLock)
        {
            _topicModel = model;
            RulePack next = _current.WithModel(model);
            if (ReferenceEquals(next, _current))
            {
                return _current.ModelMode != Learning.ModelMode.Off;
            }

            string? previous = _current.Model?.Version;
            _settings.Capacity?.Restart();
            _current = next;
            LogModelSwapped(_logger, model.Version, previous ?? "none", _current.ModelMode.ToString().ToLowerInvariant());
            return true;
        }
    }

    /// <summary>Loads the pack in <paramref name="directory"/> and, when valid, makes it current.</summary>
    /// <param name="directory">The pack directory.</param>
    /// <param name="error">Why the pack was rejected (every error, file:line), or null.</param>
    /// <returns>False when the pack is invalid: the current pack keeps running and <see cref="ReloadFailures"/> grows.</returns>
    public bool TryReload(string directory, out string? error)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (_reloadLock)
        {
            RulePack pack;
            try
            {
                pack = RulePack.Load(directory, _clock);
            }
            catch (RulePackException e)
            {
                error = string.Join(Environment.NewLine, e.Errors);
                Interlocked.Increment(ref _reloadFailures);
                LogRejected(_logger, directory, e.Errors.Count, _current.Version, error);
                return false;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // RulePack.Load turns every problem of the pack into a RulePackException; this is the last guard that
                // keeps the current pack (and the process) running whatever else goes wrong.
                error = $"{directory}:0: {e.Message}";
                Interlocked.Increment(ref _reloadFailures);
                LogRejected(_logger, directory, 1, _current.Version, error);
                return false;
            }

            string previous = _current.Version;
            if (_topicModel is not null)
            {
                // A model from the model topic (the trainer's) outranks a file beside the pack, until the topic says otherwise.
                pack = pack.WithModel(_topicModel);
            }

            if (pack.Model?.Version != _current.Model?.Version)
            {
                // A new model ranks on its own scale: the capacity cut-offs learn it afresh.
                _settings.Capacity?.Restart();
            }

            _current = pack;
            Interlocked.Increment(ref _reloads);
            LogReloaded(_logger, pack.Version, pack.RuleCount, directory, previous);
            error = null;
            return true;
        }
    }

    /// <summary>Gets how often each rule of the current pack has hit since it was loaded.</summary>
    /// <returns>Rule ids, codes and hit counts, in evaluation order.</returns>
    public IReadOnlyList<RuleHitCount> GetRuleHits() => _current.GetRuleHits();

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Risk model {Version} in use (was {Previous}; mode {Mode})")]
    private static partial void LogModelSwapped(ILogger logger, string version, string previous, string mode);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Rule pack {Version} ({RuleCount} rules) loaded from {Directory}, replacing {PreviousVersion}")]
    private static partial void LogReloaded(ILogger logger, string version, int ruleCount, string directory, string previousVersion);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Rule pack in {Directory} rejected ({ErrorCount} errors); still running {CurrentVersion}:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string directory, int errorCount, string currentVersion, string errors);
}
