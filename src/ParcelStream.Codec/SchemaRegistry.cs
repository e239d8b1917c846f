using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec;

/// <summary>
/// A local schema registry: writer schemas by Confluent id and by single-object fingerprint. Built at start-up from
/// schemas/ (see <see cref="LoadDirectory"/>); lookups allocate nothing and need no lock. Schemas fetched at run time
/// (from a Confluent Schema Registry, by the pipeline) are added with <see cref="TryAdd"/>: a copy of the tables is
/// swapped in atomically, so readers never lock or see a half-built table.
/// </summary>
public sealed class SchemaRegistry
{
    /// <summary>File that maps Confluent schema ids to .avsc files in a schema directory.</summary>
    public const string IndexFileName = "registry.json";

    /// <summary>Default Confluent id of schemas/parcel-manifest.avsc.</summary>
    public const int DefaultManifestSchemaId = 1;

    /// <summary>Default Confluent id of schemas/customs-decision.avsc (with referral, assessment, inspection cut-off and model).</summary>
    public const int DefaultDecisionSchemaId = 6;

    /// <summary>
    /// Confluent id of the decision schema with the inspection cut-off but without the model (schemas/customs-decision-id5.avsc):
    /// still registered so that decisions written with it are read.
    /// </summary>
    public const int Id5DecisionSchemaId = 5;

    /// <summary>
    /// Confluent id of the decision schema with referral and assessment but without the inspection cut-off
    /// (schemas/customs-decision-id4.avsc): still registered so that decisions written with it are read.
    /// </summary>
    public const int Id4DecisionSchemaId = 4;

    /// <summary>
    /// Confluent id of the decision schema before referral and assessment (schemas/customs-decision-id2.avsc): still
    /// registered so that decisions written with it are read.
    /// </summary>
    public const int PreviousDecisionSchemaId = 2;

    /// <summary>Default Confluent id of schemas/inspection-result.avsc.</summary>
    public const int DefaultInspectionResultSchemaId = 3;

    private static readonly Lazy<RecordSchema> s_manifest = new(() => LoadEmbedded("parcel-manifest.avsc"));
    private static readonly Lazy<RecordSchema> s_decision = new(() => LoadEmbedded("customs-decision.avsc"));
    private static readonly Lazy<RecordSchema> s_previousDecision = new(() => LoadEmbedded("customs-decision-id2.avsc"));
    private static readonly Lazy<RecordSchema> s_id4Decision = new(() => LoadEmbedded("customs-decision-id4.avsc"));
    private static readonly Lazy<RecordSchema> s_id5Decision = new(() => LoadEmbedded("customs-decision-id5.avsc"));
    private static readonly Lazy<RecordSchema> s_inspectionResult = new(() => LoadEmbedded("inspection-result.avsc"));

    private readonly Lock _writeLock = new();
    private readonly bool _fixed;
    private FrozenDictionary<int, RegisteredSchema> _byId;
    private FrozenDictionary<ulong, RegisteredSchema> _byFingerprint;

    /// <summary>Initializes a registry with the given schemas.</summary>
    /// <param name="schemas">The schemas; ids must be unique (-1 for a schema known only by fingerprint).</param>
    /// <exception cref="ArgumentException">Two schemas share an id.</exception>
    public SchemaRegistry(IEnumerable<RegisteredSchema> schemas)
        : this(schemas, isFixed: false)
    {
    }

    private SchemaRegistry(IEnumerable<RegisteredSchema> schemas, bool isFixed)
    {
        _fixed = isFixed;
        ArgumentNullException.ThrowIfNull(schemas);
        var byId = new Dictionary<int, RegisteredSchema>();
        var byFingerprint = new Dictionary<ulong, RegisteredSchema>();
        foreach (RegisteredSchema s in schemas)
        {
            if (s.Id >= 0 && !byId.TryAdd(s.Id, s))
            {
                throw new ArgumentException($"Schema id {s.Id} is registered twice ({byId[s.Id].Source} and {s.Source}).", nameof(schemas));
            }

            byFingerprint.TryAdd(s.Fingerprint, s);
        }

        _byId = byId.ToFrozenDictionary();
        _byFingerprint = byFingerprint.ToFrozenDictionary();
    }

    /// <summary>Gets the manifest schema this build reads into (schemas/parcel-manifest.avsc, embedded).</summary>
    public static RecordSchema ManifestSchema => s_manifest.Value;

    /// <summary>Gets the decision schema this build writes (schemas/customs-decision.avsc, embedded).</summary>
    public static RecordSchema DecisionSchema => s_decision.Value;

    /// <summary>Gets the decision schema of id 2, without referral and assessment (schemas/customs-decision-id2.avsc, embedded).</summary>
    public static RecordSchema PreviousDecisionSchema => s_previousDecision.Value;

    /// <summary>Gets the decision schema of id 4, with referral and assessment but no inspection cut-off (schemas/customs-decision-id4.avsc, embedded).</summary>
    public static RecordSchema Id4DecisionSchema => s_id4Decision.Value;

    /// <summary>Gets the decision schema of id 5, with the inspection cut-off but no model (schemas/customs-decision-id5.avsc, embedded).</summary>
    public static RecordSchema Id5DecisionSchema => s_id5Decision.Value;

    /// <summary>Gets the inspection-result schema this build reads and writes (schemas/inspection-result.avsc, embedded).</summary>
    public static RecordSchema InspectionResultSchema => s_inspectionResult.Value;

    /// <summary>
    /// Gets a registry holding only the embedded manifest, decision (current and previous) and inspection-result schemas
    /// under their default ids. Shared, so fixed: <see cref="TryAdd"/> on it throws.
    /// </summary>
    public static SchemaRegistry Default { get; } = new(
    [
        new RegisteredSchema(DefaultManifestSchemaId, ManifestSchema, "parcel-manifest.avsc (embedded)"),
        new RegisteredSchema(DefaultDecisionSchemaId, DecisionSchema, "customs-decision.avsc (embedded)"),
        new RegisteredSchema(PreviousDecisionSchemaId, PreviousDecisionSchema, "customs-decision-id2.avsc (embedded)"),
        new RegisteredSchema(Id4DecisionSchemaId, Id4DecisionSchema, "customs-decision-id4.avsc (embedded)"),
        new RegisteredSchema(Id5DecisionSchemaId, Id5DecisionSchema, "customs-decision-id5.avsc (embedded)"),
        new RegisteredSchema(DefaultInspectionResultSchemaId, InspectionResultSchema, "inspection-result.avsc (embedded)"),
    ],
    isFixed: true);

    /// <summary>Gets every registered schema (those known by id and those known by fingerprint only).</summary>
    public IEnumerable<RegisteredSchema> Schemas => Volatile.Read(ref _byFingerprint).Values.Concat(Volatile.Read(ref _byId).Values).Distinct();

    /// <summary>Finds a schema by Confluent id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="schema">The schema.</param>
    /// <returns>False when the id is unknown.</returns>
    public bool TryGetById(int id, out RegisteredSchema schema) => Volatile.Read(ref _byId).TryGetValue(id, out schema!);

    /// <summary>Finds a schema by CRC-64-AVRO fingerprint.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <param name="schema">The schema.</param>
    /// <returns>False when the fingerprint is unknown.</returns>
    public bool TryGetByFingerprint(ulong fingerprint, out RegisteredSchema schema) => Volatile.Read(ref _byFingerprint).TryGetValue(fingerprint, out schema!);

    /// <summary>
    /// A registry with the same schemas known by fingerprint only: for a Confluent Schema Registry, whose ids are the
    /// only ones that count (the local ids 1..5 could name other schemas there). Not fixed.
    /// </summary>
    /// <returns>The new registry.</returns>
    public SchemaRegistry WithoutIds() => new(Schemas.Select(s => s.Id < 0 ? s : new RegisteredSchema(-1, s.Schema, s.Source)));

    /// <summary>
    /// Adds a schema at run time (copy-on-write: lookups in progress keep the tables they read). Writers are serialised;
    /// readers never lock.
    /// </summary>
    /// <param name="schema">The schema, with the id it is known by (-1 for fingerprint only).</param>
    /// <returns>True when added or already present with the same schema; false when its id names another schema here.</returns>
    /// <exception cref="InvalidOperationException">The registry is <see cref="Default"/>, which is shared and fixed.</exception>
    public bool TryAdd(RegisteredSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (_fixed)
        {
            throw new InvalidOperationException("SchemaRegistry.Default is shared and fixed: add schemas to a registry of your own (WithoutIds, or new SchemaRegistry(...)).");
        }

        lock (_writeLock)
        {
            if (schema.Id >= 0 && _byId.TryGetValue(schema.Id, out RegisteredSchema? known))
            {
                return known.Fingerprint == schema.Fingerprint;
            }

            if (!_byFingerprint.ContainsKey(schema.Fingerprint))
            {
                Volatile.Write(ref _byFingerprint, _byFingerprint.Append(new(schema.Fingerprint, schema)).ToFrozenDictionary());
            }

            if (schema.Id >= 0)
            {
                Volatile.Write(ref _byId, _byId.Append(new(schema.Id, schema)).ToFrozenDictionary());
            }

            return true;
        }
    }

    /// <summary>
    /// Loads a schema directory: <c>registry.json</c> maps ids to files (<c>{"schemas":[{"id":1,"file":"parcel-manifest.avsc"}]}</c>);
    /// every other .avsc in the directory is registered by fingerprint only. Without an index file the product schemas
    /// present get their default ids.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="AvroSchemaException">A file is missing or is not a valid schema; the message names the file.</exception>
    public static SchemaRegistry LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new AvroSchemaException($"Schema directory '{directory}' does not exist.");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        string index = Path.Combine(directory, IndexFileName);
        if (File.Exists(index))
        {
            ReadIndex(index, ids);
        }
        else
        {
            ids["parcel-manifest.avsc"] = DefaultManifestSchemaId;
            ids["customs-decision.avsc"] = DefaultDecisionSchemaId;
            ids["customs-decision-id2.avsc"] = PreviousDecisionSchemaId;
            ids["customs-decision-id4.avsc"] = Id4DecisionSchemaId;
            ids["customs-decision-id5.avsc"] = Id5DecisionSchemaId;
            ids["inspection-result.avsc"] = DefaultInspectionResultSchemaId;
        }

        var schemas = new List<RegisteredSchema>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.avsc").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            AvroSchema schema;
            try
            {
                schema = AvroSchemaParser.Parse(File.ReadAllText(path));
            }
            catch (AvroSchemaException ex)
            {
                throw new AvroSchemaException($"{path}: {ex.Message}", ex);
            }

            schemas.Add(new RegisteredSchema(ids.Remove(name, out int id) ? id : -1, schema, path));
        }

        // Without an index the default ids apply to whichever product schemas the directory holds.
        if (ids.Count > 0 && File.Exists(index))
        {
            throw new AvroSchemaException($"{index} names files that are not in {directory}: {string.Join(", ", ids.Keys)}.");
        }

        return new SchemaRegistry(schemas);
    }

    private static void ReadIndex(string index, Dictionary<string, int> ids)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(index));
            var files = new Dictionary<int, string>();
            foreach (JsonElement e in doc.RootElement.GetProperty("schemas").EnumerateArray())
            {
                string file = e.GetProperty("file").GetString() ?? throw new AvroSchemaException($"{index}: an entry has no file.");
                int id = e.GetProperty("id").GetInt32();
                if (!ids.TryAdd(file, id))
                {
                    throw new AvroSchemaException($"{index}: {file} is listed twice.");
                }

                if (!files.TryAdd(id, file))
                {
                    throw new AvroSchemaException($"{index}: schema id {id} is given to both {files[id]} and {file}.");
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new AvroSchemaException($"{index} is not a valid index ({{\"schemas\":[{{\"id\":1,\"file\":\"name.avsc\"}}]}}): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The text of a schema built into the binary, docs and defaults included (what a Confluent Schema Registry is given:
    /// its compatibility checks need the defaults that the canonical form drops).
    /// </summary>
    /// <param name="fileName">The file under schemas/, e.g. customs-decision.avsc.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="InvalidOperationException">No such schema is built in.</exception>
    public static string EmbeddedSchemaText(string fileName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(fileName)
            ?? throw new InvalidOperationException($"Embedded schema {fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static RecordSchema LoadEmbedded(string name) => (RecordSchema)AvroSchemaParser.Parse(EmbeddedSchemaText(name));
}
