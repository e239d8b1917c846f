using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Simulation;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Models;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Host.Simulation;

/// <summary>
/// The closed targeting loop, one simulated day at a time, through the real worker on the embedded cluster: the day's
/// parcels are published; the worker decides them; the inspection office inspects what it selected and its results are
/// published once their (simulated) inspection time has passed, so the feedback join learns from them; then, on its
/// schedule, a model is trained on the days so far (the code of <c>model train</c>) and dropped beside the rule pack,
/// which the worker reloads before the next day. The engine never sees the ground truth.
/// </summary>
internal sealed partial class SimulationLoop : IDisposable
{
    private static readonly TimeSpan s_decideTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_feedbackTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_reloadTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    private readonly SimulationSettings _settings;
    private readonly SimulationWorld _world;
    private readonly InspectionOffice _office;
    private readonly RuleEngine _engine;
    private readonly WorkerCounters _counters;
    private readonly FeedbackHandle? _feedback;
    private readonly string _workDirectory;
    private readonly string _inputTopic;
    private readonly string _resultsTopic;
    private readonly string _modelTopic;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly IConsumer<byte[], byte[]> _decisions;
    private readonly CustomsDecision _decision = new();
    private readonly List<InspectionReport> _pendingResults = [];
    private readonly List<ReportRow> _rows = [];
    private readonly List<string> _dayFiles = [];
    private readonly StreamWriter _resultsFile;
    private readonly StreamWriter _selectionsFile;
    private long _published;
    private long _resultsPublished;
    private long _resultsAtStart;

    /// <summary>Initializes the loop against a running worker.</summary>
    public SimulationLoop(SimulationSettings settings, SimulationWorld world, string bootstrap, WorkerOptions topics, FeedbackOptions feedbackTopics, RuleEngine engine, WorkerCounters counters, FeedbackHandle? feedback, string workDirectory)
    {
        _settings = settings;
        _world = world;
        _office = new InspectionOffice(new OfficeOptions { Seed = settings.Seed });
        _engine = engine;
        _counters = counters;
        _feedback = feedback;
        _workDirectory = workDirectory;
        _inputTopic = topics.InputTopic;
        _resultsTopic = feedbackTopics.ResultsTopic;
        _modelTopic = new ModelOptions().Topic;
        ModelPath = Path.Combine(workDirectory, RiskModelFile.FileName);
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, ClientId = "parcelstream-simulate", LingerMs = 5, Acks = Acks.All })
            .SetLogHandler(KafkaLog.Shared.Handler()).Build();
        _decisions = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "parcelstream-simulate", ClientId = "parcelstream-simulate", EnableAutoCommit = false })
            .SetLogHandler(KafkaLog.Shared.Handler()).Build();
        using (IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            Metadata metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            string[] outputs = [topics.ReleaseTopic, topics.HoldTopic, topics.InspectTopic];
            _decisions.Assign(metadata.Topics.Where(t => outputs.Contains(t.Topic)).SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning))));
        }

        ResultsPath = Path.Combine(workDirectory, "results.csv");
        _resultsFile = new StreamWriter(ResultsPath, append: false, new UTF8Encoding(false));
        _resultsFile.WriteLine("manifestId,result,inspectedAt,findingCodes");
        _resultsAtStart = feedback?.Results?.Invoke().Counted ?? 0;
        SelectionsPath = Path.Combine(workDirectory, "selections.jsonl");
        _selectionsFile = new StreamWriter(SelectionsPath, append: false, new UTF8Encoding(false));
    }

    /// <summary>Gets the file every published inspection result is also written to (the training input).</summary>
    public string ResultsPath { get; }

    /// <summary>
    /// Gets the file of the decisions that were random selections or explorations, as decision lines (manifestId and
    /// reasons): the unbiased sample the trainer weights and counts as the sellers' baseline, like the worker's join.
    /// </summary>
    public string SelectionsPath { get; }

    /// <summary>Gets the file the last model trained is also written to.</summary>
    public string ModelPath { get; }

    /// <summary>Gets the rows of the report: one per parcel decided so far.</summary>
    public IReadOnlyList<ReportRow> Rows => _rows;

    /// <summary>Gets the version of each model the loop promoted, with the day it first decided.</summary>
    public List<(int Day, string Version, IReadOnlyDictionary<string, double> Metrics)> Models { get; } = [];

    /// <summary>Runs one day: publish, decide, inspect, publish due results, and retrain when scheduled.</summary>
    /// <param name="day">The day, 0-based.</param>
    /// <param name="log">Where progress lines go.</param>
    /// <param name="cancellationToken">Stops the day between steps.</param>
    public void RunDay(int day, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, (ParcelTruth Truth, long CreatedAt)> parcels = Publish(day, cancellationToken);
        WaitDecided(cancellationToken);
        Dictionary<string, DecidedParcel> decided = ReadDecisions(parcels.Count, cancellationToken);
        IReadOnlyList<InspectionReport> inspected = Inspect(decided, parcels);
        AddRows(day, parcels, decided, inspected);
        int due = PublishDueResults(_world.DayStartMillis(day + 1));
        WaitJoined(cancellationToken);
        string model = _engine.Current.Model?.Version ?? "none (rules alone)";
        PeriodMetrics today = SimulationReport.Compute(_rows.Where(r => r.Day == day), new ReportOptions { WarmUpDays = 0, CapacityShare = _settings.Capacity }).Overall;
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"day {day + 1,3}: {parcels.Count:N0} parcels, INSPECT {today.InspectShare:P2}, risk hit rate {today.RiskHitRate:P1} vs random {today.RandomHitRate:P1}, AUC {today.Auc:0.000}, {due:N0} results published, model {model} ({clock.Elapsed.TotalSeconds:0.0} s)"));
        if (TrainingDue(day))
        {
            Retrain(day, log, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _resultsFile.Dispose();
        _selectionsFile.Dispose();
        _producer.Dispose();
        _decisions.Close();
        _decisions.Dispose();
    }

    private Dictionary<string, (ParcelTruth Truth, long CreatedAt)> Publish(int day, CancellationToken cancellationToken)
    {
        // The day's container file is the training input, as `model train --manifests` reads it.
        string file = Path.Combine(_workDirectory, string.Create(CultureInfo.InvariantCulture, $"day-{day + 1:D3}.avro"));
        SimulationArchive.Write(_world, file, day, day);
        _dayFiles.Add(file);
        var parcels = new Dictionary<string, (ParcelTruth, long)>(_settings.ParcelsPerDay, StringComparer.Ordinal);
        foreach (SimulatedParcel parcel in _world.Day(day))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ManifestRecord m = parcel.Manifest;
            parcels[m.ManifestId] = (parcel.Truth, m.CreatedAtMillis);
            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(m.TrackingNumber),
                Value = ManifestEncoder.ToBytes(m, MessageFraming.Confluent),
                Timestamp = new Timestamp(m.CreatedAtMillis, TimestampType.CreateTime),
            };
            Produce(_inputTopic, message);
        }

        _producer.Flush(cancellationToken);
        _published += parcels.Count;
        return parcels;
    }

    private void Produce(string topic, Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                _producer.Produce(topic, message);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void WaitDecided(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (_counters.Acknowledged < _published)
        {
            if (waited.Elapsed > s_decideTimeout)
            {
                throw new TimeoutException($"the worker decided {_counters.Acknowledged:N0} of {_published:N0} parcels within {s_decideTimeout.TotalMinutes:0} minutes");
            }

            Task.Delay(s_poll, cancellationToken).Wait(cancellationToken);
        }
    }

    private Dictionary<string, DecidedParcel> ReadDecisions(int count, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<string, DecidedParcel>(count, StringComparer.Ordinal);
        var waited = Stopwatch.StartNew();
        RulePack pack = _engine.Current;
        while (decided.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (waited.Elapsed > s_decideTimeout)
            {
                throw new TimeoutException($"read {decided.Count:N0} of {count:N0} decisions of the day within {s_decideTimeout.TotalMinutes:0} minutes");
            }

            ConsumeResult<byte[], byte[]>? record = _decisions.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message?.Value is not { } value)
            {
                continue;
            }

            _decision.Reset();
            if (DecisionReader.Read(value, _decision).IsError)
            {
                continue;
            }

            // A later decision for a parcel (an amendment) replaces the first.
            string id = Encoding.UTF8.GetString(_decision.ManifestId);
            DecidedParcel parcel = DecidedParcel.From(_decision, pack);
            decided[id] = parcel;
            if (parcel.RandomSelection || parcel.Explored)
            {
                _selectionsFile.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"manifestId\":\"{id}\",\"reasons\":[{{\"ruleId\":\"{(parcel.RandomSelection ? "engine.random-selection" : "engine.exploration")}\"}}]}}"));
            }
        }

        _selectionsFile.Flush();
        return decided;
    }

    private IReadOnlyList<InspectionReport> Inspect(Dictionary<string, DecidedParcel> decided, Dictionary<string, (ParcelTruth Truth, long CreatedAt)> parcels)
    {
        IEnumerable<InspectionDecision> inspections = decided
            .Where(p => p.Value.Outcome == Outcome.Inspect)
            .Select(p => new InspectionDecision(p.Key, Outcome.Inspect, p.Value.RandomSelection, p.Value.RiskScore, p.Value.Referral, parcels[p.Key].CreatedAt));
        IReadOnlyList<InspectionReport> reports = _office.InspectDay(inspections, parcels.ToDictionary(p => p.Key, p => p.Value.Truth, StringComparer.Ordinal));
        _pendingResults.AddRange(reports);
        return reports;
    }

    private void AddRows(int day, Dictionary<string, (ParcelTruth Truth, long CreatedAt)> parcels, Dictionary<string, DecidedParcel> decided, IReadOnlyList<InspectionReport> inspected)
    {
        Dictionary<string, bool> found = inspected.ToDictionary(r => r.ManifestId, r => r.Result == InspectionOutcome.Found, StringComparer.Ordinal);
        foreach ((string id, (ParcelTruth truth, _)) in parcels)
        {
            DecidedParcel d = decided[id];
            bool wasInspected = found.TryGetValue(id, out bool isFound);
            _rows.Add(new ReportRow(day, id, truth.Pattern, truth.RevenueAtStakeCents, d.RiskScore, d.Outcome, d.SelectedBy, wasInspected, wasInspected && isFound));
        }
    }

    /// <summary>Publishes the results whose inspection time is before <paramref name="untilMillis"/> (the end of the simulated day).</summary>
    private int PublishDueResults(long untilMillis)
    {
        List<InspectionReport> due = [.. _pendingResults.Where(r => r.InspectedAtMillis < untilMillis).OrderBy(r => r.InspectedAtMillis)];
        foreach (InspectionReport report in due)
        {
            Produce(_resultsTopic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(report.ManifestId),
                Value = InspectionReportWriter.ToArray(report, MessageFraming.Confluent),
                Timestamp = new Timestamp(report.InspectedAtMillis, TimestampType.CreateTime),
            });
            _resultsFile.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.ManifestId},{(report.Result == InspectionOutcome.Found ? "FOUND" : "CLEAN")},{report.InspectedAtMillis},{string.Join(';', report.FindingCodes)}"));
        }

        _pendingResults.RemoveAll(r => r.InspectedAtMillis < untilMillis);
        _producer.Flush(TimeSpan.FromSeconds(30));
        _resultsFile.Flush();
        _resultsPublished += due.Count;
        return due.Count;
    }

    /// <summary>Waits until the feedback join has counted every published result, so the next day meets the history they make.</summary>
    private void WaitJoined(CancellationToken cancellationToken)
    {
        if (_feedback?.Results is not { } results)
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        while (results().Counted - _resultsAtStart < _resultsPublished && waited.Elapsed < s_feedbackTimeout)
        {
            Task.Delay(s_poll, cancellationToken).Wait(cancellationToken);
        }

        // The statistics the join wrote reach every worker's history table through the statistics topic.
        Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).Wait(cancellationToken);
    }
}
