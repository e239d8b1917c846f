using System.Collections.Concurrent;
using System.Net;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;
using RegisteredSchema = ParcelStream.Codec.RegisteredSchema;
using SchemaRegistry = ParcelStream.Codec.SchemaRegistry;

namespace ParcelStream.Pipeline.Schemas;

/// <summary>
/// ParcelStream's side of a Confluent Schema Registry, through Confluent.SchemaRegistry's client: writer schemas of the
/// input fetched by id the first time a message carries one (then resolved once, and decoded from the codec's tables
/// without another request), and ParcelStream's own schemas registered, or looked up, under the configured subject name
/// strategy so that what it writes carries the ids the registry gave. Thread-safe.
/// </summary>
public sealed partial class RegistrySchemas : IDisposable
{
    /// <summary>The log category.</summary>
    public const string LogCategory = "ParcelStream.Pipeline.Schemas.RegistrySchemas";

    /// <summary>How long an id the registry does not know is answered from memory before it is asked again.</summary>
    public static readonly TimeSpan UnknownIdRecheck = TimeSpan.FromSeconds(30);

    /// <summary>First wait before asking an unreachable registry again; doubled up to <see cref="MaxRetryWait"/>.</summary>
    private static readonly TimeSpan s_firstRetryWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two attempts at an unreachable registry.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    private static readonly ulong s_inspectionResultFingerprint = SchemaRegistry.InspectionResultSchema.Fingerprint();

    /// <summary>Schema Registry's error code for "schema not found" (HTTP 404).</summary>
    private const int SchemaNotFound = 40403;

    /// <summary>Schema Registry's error code for "subject not found" (HTTP 404).</summary>
    private const int SubjectNotFound = 40401;

    private readonly ISchemaRegistryClient _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<int, Refusal> _refused = new();
    private readonly ConcurrentDictionary<int, bool> _notResults = new();
    private int _waiting;
    private long _answered;
    private long _notFound;
    private long _refusedRequests;
    private long _failed;

    /// <summary>Initializes the registry side.</summary>
    /// <param name="settings">The registry's settings; must be <see cref="SchemaRegistrySettings.Enabled"/>.</param>
    /// <param name="codec">The codec's registry the fetched and registered schemas are added to (not <see cref="SchemaRegistry.Default"/>).</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="clock">The clock of <see cref="UnknownIdRecheck"/>; the system clock when null.</param>
    public RegistrySchemas(SchemaRegistrySettings settings, SchemaRegistry codec, ILogger logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            throw new ArgumentException($"No {SchemaRegistrySettings.UrlKey} is set.", nameof(settings));
        }

        Settings = settings;
        Codec = codec;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _client = settings.CreateClient();
    }

    /// <summary>Gets the settings.</summary>
    public SchemaRegistrySettings Settings { get; }

    /// <summary>Gets the codec's registry: local schemas by fingerprint, and every schema this instance fetched or registered by id.</summary>
    public SchemaRegistry Codec { get; }

    /// <summary>Gets how many lanes (and the feedback join) are waiting for an unreachable registry right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Gets the requests the registry answered with a schema or an id, since start.</summary>
    public long RequestsAnswered => Interlocked.Read(ref _answered);

    /// <summary>Gets the requests the registry answered "not found" (an unknown schema id), since start.</summary>
    public long RequestsNotFound => Interlocked.Read(ref _notFound);

    /// <summary>Gets the registrations or look-ups the registry refused (incompatible, invalid, not registered), since start.</summary>
    public long RequestsRefused => Interlocked.Read(ref _refusedRequests);

    /// <summary>Gets the requests that failed because the registry could not be reached (each retry counts), since start.</summary>
    public long RequestsFailed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Makes a manifest writer schema id decodable: fetched from the registry, resolved against the reader schema and
    /// added to <paramref name="decoder"/>. Blocks while the registry is unreachable (the message waits; retried with
    /// backoff up to <see cref="MaxRetryWait"/>) until it answers or <paramref name="stop"/> fires.
    /// </summary>
    /// <param name="id">The id the message carried.</param>
    /// <param name="decoder">The decoder to add it to.</param>
    /// <param name="stop">Gives up waiting (the worker stops; the message is not acknowledged, so it is consumed again).</param>
    /// <returns>What became of the id.</returns>
    public SchemaResolution ResolveManifestWriter(int id, ManifestDecoder decoder, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        if (decoder.KnowsSchemaId(id))
        {
            return SchemaResolution.Resolved;
        }

        if (Refused(id) is { } refusal)
        {
            return refusal;
        }

        SchemaResolution fetched = Fetch(id, stop, out RegisteredSchema? writer);
        if (fetched != SchemaResolution.Resolved)
        {
            return fetched;
        }

        if (!decoder.TryAddWriter(writer!, out string? problem))
        {
            _refused[id] = new Refusal(SchemaResolution.Incompatible, DateTimeOffset.MaxValue);
            LogIncompatibleWriter(id, problem);
            return SchemaResolution.Incompatible;
        }

        LogWriterAdded(id, ((NamedSchema)writer!.Schema).FullName, writer.Fingerprint);
        return SchemaResolution.Resolved;
    }

    /// <summary>
    /// Makes any schema id known to <see cref="Codec"/> (e.g. an inspection result's), fetched from the registry; blocks
    /// while it is unreachable, as <see cref="ResolveManifestWriter"/> does.
    /// </summary>
    /// <param name="id">The id.</param>
    /// <param name="stop">Gives up waiting.</param>
    /// <returns>What became of the id: <see cref="SchemaResolution.Resolved"/> when <see cref="Codec"/> knows it now.</returns>
    public SchemaResolution Resolve(int id, CancellationToken stop)
    {
        if (Codec.TryGetById(id, out _))
        {
            return SchemaResolution.Resolved;
        }

        return Refused(id) ?? Fetch(id, stop, out _);
    }

    /// <summary>
    /// Makes an inspection result's schema id decodable by <see cref="Codec"/> (fetched as <see cref="Resolve"/> does,
    /// blocking while the registry is unreachable), and checks once per id that it names this build's inspection-result
    /// schema (schemas/inspection-result.avsc, by canonical form): the result reader has no other.
    /// </summary>
    /// <param name="id">The id the result carried.</param>
    /// <param name="stop">Gives up waiting (the result is not processed, and consumed again).</param>
    /// <returns><see cref="SchemaResolution.Resolved"/> when the id names the inspection-result schema; <see cref="SchemaResolution.Incompatible"/> for another schema.</returns>
    public SchemaResolution ResolveInspectionResult(int id, CancellationToken stop)
    {
        SchemaResolution resolution = Resolve(id, stop);
        if (resolution != SchemaResolution.Resolved || !Codec.TryGetById(id, out RegisteredSchema? schema) || schema.Fingerprint == s_inspectionResultFingerprint)
        {
            return resolution;
        }

        if (_notResults.TryAdd(id, true))
        {
            LogIncompatibleWriter(id, $"is {(schema.Schema as NamedSchema)?.FullName ?? "not a record"} (fingerprint {schema.Fingerprint:X16}), not {SchemaRegistry.InspectionResultSchema.FullName} as in schemas/inspection-result.avsc");
        }

        return SchemaResolution.Incompatible;
    }

    /// <summary>
    /// Registers (<c>auto.register.schemas=true</c>) or looks up one of ParcelStream's schemas under the subject of each
    /// topic it is written to, and adds it to <see cref="Codec"/> under the id the registry gave.
    /// </summary>
    /// <param name="fileName">The embedded schema file (e.g. customs-decision.avsc): its full text is what is registered.</param>
    /// <param name="topics">The topics records of the schema are written to.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The id.</returns>
    /// <exception cref="SchemaRegistryRefusedException">The registry refused the schema (incompatible, invalid, not registered while auto.register.schemas is false), or gave two subjects different ids.</exception>
    /// <exception cref="HttpRequestException">The registry is unreachable (the caller retries).</exception>
    public async Task<int> RegisterAsync(string fileName, IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        string text = SchemaRegistry.EmbeddedSchemaText(fileName);
        var schema = (RecordSchema)AvroSchemaParser.Parse(text);
        AsyncSubjectNameStrategyDelegate subjectOf = Settings.SubjectNameStrategy.ToAsyncDelegate(_client, Settings.Client);
        var ids = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string topic in topics.Distinct(StringComparer.Ordinal))
        {
            string subject = await subjectOf(new SerializationContext(MessageComponentType.Value, topic), schema.FullName).ConfigureAwait(false);
            if (!ids.ContainsKey(subject))
            {
                ids[subject] = await RegisterAsync(subject, schema, text, cancellationToken).ConfigureAwait(false);
            }
        }

        if (ids.Values.Distinct().Count() != 1)
        {
            throw new SchemaRegistryRefusedException($"The schema registry gave {schema.FullName} different ids under its subjects ({string.Join(", ", ids.Select(p => $"{p.Key}={p.Value}"))}); ParcelStream writes one id per schema: use one compatibility history for them, or {SchemaRegistrySettings.SubjectNameStrategyKey}=Record.");
        }

        int id = ids.Values.First();
        var registered = new RegisteredSchema(id, schema, $"{fileName} (registry id {id}, {string.Join(", ", ids.Keys)})");
        if (!Codec.TryAdd(registered))
        {
            throw new SchemaRegistryRefusedException($"The schema registry gave {schema.FullName} id {id}, which this worker already knows as another schema.");
        }

        LogRegistered(schema.FullName, id, string.Join(", ", ids.Keys), Settings.AutoRegister);
        return id;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>Gets whether a failure means the registry could not be asked (and the caller should wait and retry).</summary>
    /// <param name="ex">The failure.</param>
    /// <returns>True for network errors, timeouts, server errors, authentication failures and a 404 that is not Schema Registry's own.</returns>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        SchemaRegistryException sr => sr.Status is >= HttpStatusCode.InternalServerError or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (sr.Status == HttpStatusCode.NotFound && sr.ErrorCode is not (SchemaNotFound or SubjectNotFound)),
        HttpRequestException or TimeoutException or TaskCanceledException or IOException => true,
        AggregateException { InnerExceptions: [var inner] } => IsUnavailable(inner),
        _ => false,
    };

    private async Task<int> RegisterAsync(string subject, RecordSchema schema, string text, CancellationToken cancellationToken)
    {
        var registrySchema = new Schema(text, SchemaType.Avro);
        try
        {
            int id = Settings.AutoRegister
                ? await _client.RegisterSchemaAsync(subject, registrySchema, normalize: false).WaitAsync(cancellationToken).ConfigureAwait(false)
                : (await _client.LookupSchemaAsync(subject, registrySchema, ignoreDeletedSchemas: true, normalize: false).WaitAsync(cancellationToken).ConfigureAwait(false)).Id;
            Interlocked.Increment(ref _answered);
            return id;
        }
        catch (Exception ex) when (IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
        catch (SchemaRegistryException ex) when (!IsUnavailable(ex))
        {
            Interlocked.Increment(ref _refusedRequests);
            string why = ex.Status switch
            {
                HttpStatusCode.Conflict => $"is incompatible with the versions already registered (compatibility {await CompatibilityAsync(cancellationToken).ConfigureAwait(false)}): register a compatible version under another subject, or change the subject's compatibility",
                HttpStatusCode.NotFound => $"is not registered and {SchemaRegistrySettings.AutoRegisterKey} is false: register it (schemas/ has the file), or set {SchemaRegistrySettings.AutoRegisterKey}=true",
                HttpStatusCode.UnprocessableEntity => "is not accepted as a valid Avro schema",
                _ => "was refused",
            };
            throw new SchemaRegistryRefusedException($"The schema registry at {Settings.Url} says {schema.FullName} under subject '{subject}' {why}. Registry error {ex.ErrorCode}: {ex.Message}", ex);
        }
    }

    /// <summary>The registry's global compatibility level (GET /config), for an error message; "unknown" when it does not say.</summary>
    private async Task<string> CompatibilityAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.GetCompatibilityAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).ToString().ToUpperInvariant();
        }
        catch (Exception ex) when (ex is SchemaRegistryException or HttpRequestException or TaskCanceledException)
        {
            return "unknown";
        }
    }

    private SchemaResolution? Refused(int id) =>
        _refused.TryGetValue(id, out Refusal refusal) && refusal.Until > _clock.GetUtcNow() ? refusal.Resolution : null;

    /// <summary>Fetches a schema by id, waiting while the registry is unreachable; adds it to <see cref="Codec"/>.</summary>
    private SchemaResolution Fetch(int id, CancellationToken stop, out RegisteredSchema? registered)
    {
        registered = null;
        TimeSpan wait = s_firstRetryWait;
        bool waiting = false;
        try
        {
            while (true)
            {
                try
                {
                    Schema schema = _client.GetSchemaAsync(id).WaitAsync(stop).GetAwaiter().GetResult();
                    Interlocked.Increment(ref _answered);
                    if (waiting)
                    {
                        LogRegistryBack(Settings.Url, id);
                    }

                    return Parse(id, schema, out registered);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return SchemaResolution.Stopped;
                }
                catch (SchemaRegistryException ex) when (!IsUnavailable(ex))
                {
                    Interlocked.Increment(ref _notFound);
                    _refused[id] = new Refusal(SchemaResolution.Unknown, _clock.GetUtcNow() + UnknownIdRecheck);
                    LogUnknownId(id, Settings.Url, ex.Message);
                    return SchemaResolution.Unknown;
                }
                catch (Exception ex)
                {
                    // Unreachable, or failing in a way nobody foresaw: the message waits rather than crash the lane or be lost.
                    Interlocked.Increment(ref _failed);
                    if (!waiting)
                    {
                        waiting = true;
                        Interlocked.Increment(ref _waiting);
                        LogRegistryUnavailable(Settings.Url, id, ex.Message);
                    }

                    if (stop.WaitHandle.WaitOne(wait))
                    {
                        return SchemaResolution.Stopped;
                    }

                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxRetryWait.Ticks));
                }
            }
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>A fetched schema as the codec's: Avro only, without references; one ParcelStream cannot parse is incompatible.</summary>
    private SchemaResolution Parse(int id, Schema schema, out RegisteredSchema? registered)
    {
        registered = null;
        string? problem = schema.SchemaType != SchemaType.Avro ? $"is a {schema.SchemaType} schema, not Avro"
            : schema.References is { Count: > 0 } ? "references other schemas, which ParcelStream does not resolve"
            : null;
        if (problem is null)
        {
            try
            {
                registered = new RegisteredSchema(id, AvroSchemaParser.Parse(schema.SchemaString), $"registry schema id {id}");
                _ = Codec.TryAdd(registered);
                return SchemaResolution.Resolved;
            }
            catch (AvroSchemaException ex)
            {
                problem = $"is not a schema ParcelStream can read: {ex.Message}";
            }
        }

        _refused[id] = new Refusal(SchemaResolution.Incompatible, DateTimeOffset.MaxValue);
        LogIncompatibleWriter(id, problem);
        return SchemaResolution.Incompatible;
    }

    /// <summary>An id that is not resolved, and until when that answer stands.</summary>
    private readonly record struct Refusal(SchemaResolution Resolution, DateTimeOffset Until);
}
