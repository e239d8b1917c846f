using System.Reflection;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>
/// The process's Prometheus metrics, in a registry of their own. Nothing here runs per manifest: the worker counts with
/// interlocked increments into <see cref="WorkerCounters"/>, and the values are copied into prometheus-net's collectors
/// in a before-collect callback, at scrape time.
/// </summary>
public sealed class ParcelStreamMetrics
{
    private readonly Lock _updateLock = new();
    private readonly OperationsHealth _health;
    private readonly Gauge _ready;
    private readonly WorkerMetrics _worker;
    private readonly StateMetrics _state;
    private readonly RuleMetrics _rules;
    private readonly CapacityMetrics _capacity;
    private readonly FeedbackMetrics _feedback;
    private readonly RuntimeMetrics _runtime;
    private readonly SchemaRegistryMetrics _schemaRegistry;

    /// <summary>Initializes the metrics of a process.</summary>
    /// <param name="health">The worker, the rule engine and readiness.</param>
    public ParcelStreamMetrics(OperationsHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        _health = health;
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        MetricFactory factory = Metrics.WithCustomRegistry(Registry);
        string version = typeof(ParcelStreamMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        factory.CreateGauge("parcelstream_build_info", "Always 1; the version label is the running build.", ["version"]).WithLabels(version).Set(1);
        _ready = factory.CreateGauge("parcelstream_ready", "1 when /readyz answers ready (partitions assigned, rules loaded, state restored), else 0.");
        _worker = new WorkerMetrics(factory);
        _state = new StateMetrics(factory);
        _rules = new RuleMetrics(factory);
        _capacity = new CapacityMetrics(factory);
        _feedback = new FeedbackMetrics(factory);
        _runtime = new RuntimeMetrics(factory);
        _schemaRegistry = new SchemaRegistryMetrics(factory);
        Registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>Gets the registry holding every metric of the process.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Writes the metrics in the Prometheus text format (version 0.0.4).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>A task that completes when written.</returns>
    public Task ExportAsync(Stream output, CancellationToken cancellationToken = default) =>
        Registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);

    private void Update()
    {
        lock (_updateLock)
        {
            _ready.Set(_health.Readiness().Healthy ? 1 : 0);
            if (_health.Worker.Counters is { } counters)
            {
                _worker.Update(counters, _health.Worker.AssignedPartitions?.Invoke() ?? 0);
                _state.Update(counters, _health.Worker.State?.Invoke());
            }

            RuleEngine? engine = _health.Rules();
            _rules.Update(engine);
            _capacity.Update(engine);
            _feedback.Update(engine, _health.Feedback);
            _runtime.Update();
            _schemaRegistry.Update(_health.SchemaRegistry);
        }
    }
}
