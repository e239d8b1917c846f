using Confluent.SchemaRegistry;
using ParcelStream.Codec;
using ParcelStream.Codec.Schemas;
using ParcelStream.Pipeline.Schemas;
using CodecRegistry = ParcelStream.Codec.SchemaRegistry;

namespace ParcelStream.Host.Commands;

/// <summary>
/// For <c>decisions tail</c> with a Confluent Schema Registry: whether the schema id a decision carries names one of the
/// decision schemas (customs-decision.avsc, or the earlier -id4 and -id2 ones, by canonical form), asked once per id.
/// </summary>
/// <param name="settings">The registry's settings (enabled).</param>
internal sealed class DecisionSchemaCheck(SchemaRegistrySettings settings) : IDisposable
{
    private static readonly HashSet<ulong> s_decisions =
    [
        CodecRegistry.DecisionSchema.Fingerprint(),
        CodecRegistry.Id4DecisionSchema.Fingerprint(),
        CodecRegistry.PreviousDecisionSchema.Fingerprint(),
    ];

    private readonly ISchemaRegistryClient _client = settings.CreateClient();
    private readonly Dictionary<int, string?> _problems = [];

    /// <summary>Checks a schema id (the registry is asked the first time only).</summary>
    /// <param name="id">The id the record carries.</param>
    /// <returns>Null when it names a decision schema; else why the record is not read.</returns>
    /// <exception cref="Exception">The registry could not be reached (<see cref="RegistrySchemas.IsUnavailable"/> is true of it).</exception>
    public string? Problem(int id)
    {
        if (_problems.TryGetValue(id, out string? known))
        {
            return known;
        }

        string? problem;
        try
        {
            Schema schema = _client.GetSchemaAsync(id).GetAwaiter().GetResult();
            problem = schema.SchemaType == SchemaType.Avro ? Check(id, schema.SchemaString) : $"schema id {id} is a {schema.SchemaType} schema";
        }
        catch (SchemaRegistryException ex) when (!RegistrySchemas.IsUnavailable(ex))
        {
            problem = $"schema id {id} is not in the schema registry at {settings.Url}: {ex.Message}";
        }

        _problems[id] = problem;
        return problem;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string? Check(int id, string text)
    {
        try
        {
            AvroSchema schema = AvroSchemaParser.Parse(text);
            return s_decisions.Contains(schema.Fingerprint()) ? null : $"schema id {id} is {(schema as NamedSchema)?.FullName ?? "not a record"}, not a decision schema";
        }
        catch (AvroSchemaException ex)
        {
            return $"schema id {id} is not an Avro schema ParcelStream reads: {ex.Message}";
        }
    }
}
