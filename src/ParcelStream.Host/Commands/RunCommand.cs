using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Operations;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Models;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream run</c>: the decision worker as a long-running service.</summary>
internal static class RunCommand
{
    private const string RulesDirectoryKey = RuleEngineOptions.SectionName + ":" + nameof(RuleEngineOptions.Directory);

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config")
        {
            Description = "A JSON settings file, read after appsettings.json and before environment variables and --Key=value arguments.",
        };
        var command = new Command(
            "run",
            """
            Run the decision worker: consume manifests from Kafka, decide RELEASE/HOLD/INSPECT, publish decisions.
            Settings come from appsettings.json (working directory), --config FILE, environment variables
            (PARCELSTREAM__WORKER__BOOTSTRAPSERVERS=...), then arguments such as --ParcelStream:Worker:GroupId=customs-de.
            Unknown keys under ParcelStream: stop start-up (exit 2), naming the nearest valid key.
            Sections: ParcelStream:Worker (topics, group, threads, exactly-once, SessionTimeoutMs, GroupInstanceId for static
            group membership, ConnectTimeoutMs for the start-up broker check), ParcelStream:Rules (rule pack directory,
            thresholds), ParcelStream:Kafka (librdkafka properties passed through, e.g. security.protocol),
            ParcelStream:SchemaRegistry (Confluent Schema Registry client properties passed through: schema.registry.url,
            schema.registry.basic.auth.user.info, schema.registry.ssl.*, schema.registry.value.subject.name.strategy,
            auto.register.schemas; no URL = the local schemas only),
            ParcelStream:Feedback (inspection results: topics, prior of the seller/consignor risk, Enabled),
            ParcelStream:Metrics (Port, default 9464: /metrics, /healthz, /readyz), ParcelStream:State (Enabled: split-shipment
            and duplicate checks with changelogged state), ParcelStream:Tracing (Enabled, OtlpEndpoint, Protocol grpc or
            http/protobuf, SampleRatio: OTLP traces, W3C traceparent read from manifests and written onto decisions).
            Every key, with defaults and meaning: docs/configuration.md.
            """ + Environment.NewLine + "Keys: " + string.Join(", ", ConfigurationKeys.ValidKeys()) + ".")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetSignalAwareAction((parse, cancellationToken) => RunAsync(parse.GetValue(config), [.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? configFile, string[] overrides, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = Build(configFile, overrides);
            // The rule pack is loaded here, not in the host's start: a pack that does not compile exits 2 with its errors.
            _ = host.Services.GetRequiredService<RuleEngine>();

            // With the stateful stages on, their thresholds are checked against the rule pack here: a bad one exits 2 too.
            _ = host.Services.GetService<StatefulProcessing>();
        }
        catch (Exception ex) when (ex is InvalidConfigurationException or RulePackException or AvroSchemaException or FileNotFoundException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"parcelstream run: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        // RunAsync disposes the host, so take what we need to read afterwards first.
        WorkerHandle handle = host.Services.GetRequiredService<WorkerHandle>();
        FeedbackHandle? feedback = host.Services.GetService<FeedbackHandle>();
        string bootstrapServers = host.Services.GetRequiredService<WorkerOptions>().BootstrapServers;
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidConfigurationException ex)
        {
            // Found while starting: the metrics port taken, no broker answering, internal topics not co-partitioned.
            await Console.Error.WriteLineAsync($"parcelstream run: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (KafkaException ex)
        {
            // E.g. the cluster unreachable while a start-up step reads topic metadata: say so in one line, not a stack trace.
            await Console.Error.WriteLineAsync($"parcelstream run: Kafka at {bootstrapServers} failed during start-up: {ex.Error.Reason}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl-C before start-up finished: nothing was consumed by the parts that had not started, and
            // what had started was stopped by the host; an orchestrator stopping a starting pod is not a failure.
            await Console.Error.WriteLineAsync("parcelstream run: stopped during start-up.").ConfigureAwait(false);
        }

        // A part that stopped on an error stopped the host: say which and why in one line (the log above has the
        // details), and exit non-zero so that the orchestrator restarts us from the last committed offsets.
        const string Restart = "; exiting to restart from the last committed offsets";
        string? failure = !handle.Failed ? (feedback is { Failed: true } ? $"inspection feedback stopped: {feedback.FailureReason}{Restart}" : null)
            : handle.Problem ?? $"the decision worker stopped: {handle.FailureReason}{Restart}";
        if (failure is null)
        {
            return 0;
        }

        await Console.Error.WriteLineAsync($"parcelstream run: {failure.ReplaceLineEndings(" ")}").ConfigureAwait(false);
        return 1;
    }

    internal static IHost Build(FileInfo? configFile, string[] overrides) => Compose(configuration =>
    {
        configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            if (!configFile.Exists)
            {
                throw new FileNotFoundException($"--config {configFile.FullName} does not exist.");
            }

            configuration.AddJsonFile(configFile.FullName, optional: false, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(overrides);
    });

    /// <summary>
    /// Composes the worker's host from configuration sources: the one composition root, used by <c>run</c> and by
    /// <c>dev</c> (which points it at the embedded cluster).
    /// </summary>
    /// <param name="sources">Adds the configuration sources, in order.</param>
    /// <returns>The built host, not started.</returns>
    /// <exception cref="InvalidConfigurationException">A setting is wrong; the message names its key.</exception>
    internal static IHost Compose(Action<IConfigurationBuilder> sources)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        sources(builder.Configuration);

        // A misspelt key would be ignored and its default silently used.
        ConfigurationKeys.Check(builder.Configuration);
        CheckRulesDirectory(builder.Configuration[RulesDirectoryKey]);
        HostLogging.Configure(builder.Logging, builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        // SIGTERM and Ctrl-C reach the host through the command's token only (System.CommandLine handles both and gives
        // the drain 75 s, Program.cs). The default ConsoleLifetime would handle them too, and .NET runs a signal's
        // handlers in no fixed order.
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        try
        {
            builder.Services.AddParcelStreamRules(builder.Configuration);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith(RuleEngineOptions.SectionName, StringComparison.Ordinal))
        {
            // The rules library names the key in an InvalidOperationException: exit 2 like every other setting.
            throw new InvalidConfigurationException(ex.Message, ex);
        }

        // Before the pipeline: hosted services stop in reverse order, so /metrics and the probes outlive the drain.
        builder.Services.AddParcelStreamMetrics(builder.Configuration);

        // Off by default; on, its provider listens to the worker's spans from the first record.
        builder.Services.AddParcelStreamTracing(builder.Configuration);

        // After the endpoint (the probes answer meanwhile), before the feedback stage and the worker, which would retry an
        // unreachable cluster for ever.
        builder.Services.AddHostedService<BrokerCheck>();
        // Before the pipeline: the statistics are read back before the worker decides, and the worker writes decided manifests.
        builder.Services.AddParcelStreamFeedback(builder.Configuration);
        builder.Services.AddParcelStreamModels(builder.Configuration);
        builder.Services.AddParcelStreamPipeline(builder.Configuration, sp => new RulesStage(sp.GetRequiredService<RuleEngine>(), sp.GetService<FeedbackHandle>()?.History));
        IHost host = builder.Build();

        // librdkafka's own lines (native clients have no other way to reach a logger) in the configured format, rate-limited.
        KafkaLog.Shared = new KafkaLog(host.Services.GetRequiredService<ILoggerFactory>());
        return host;
    }

    /// <summary>The rule pack directory must exist and hold a pack.yaml (the pack's content is checked when it is loaded).</summary>
    private static void CheckRulesDirectory(string? configured)
    {
        const string Key = RulesDirectoryKey;
        string directory = configured ?? new RuleEngineOptions().Directory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new InvalidConfigurationException(Key, "is empty: it must name the rule pack directory.");
        }

        string full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new InvalidConfigurationException(Key, File.Exists(full) ? $"'{full}' is a file, not a rule pack directory." : $"'{full}' does not exist.");
        }

        if (!File.Exists(Path.Combine(full, "pack.yaml")))
        {
            throw new InvalidConfigurationException(Key, $"'{full}' is not a rule pack: it has no pack.yaml.");
        }
    }
}
