using ParcelStream.Codec;

namespace parcelstream.v1;

/// <summary>The Apache.Avro schemas of the specific classes, parsed once from the codec's embedded .avsc files.</summary>
/// <remarks>avrogen inlines the schema JSON in each class; reading the embedded files keeps one copy of it.</remarks>
internal static class SpecificSchemas
{
    public static readonly Avro.RecordSchema Manifest = Load("parcel-manifest.avsc");
    public static readonly Avro.RecordSchema Decision = Load("customs-decision.avsc");

    public static Avro.Schema Field(Avro.RecordSchema record, string name) => record[name].Schema;

    public static Avro.RecordSchema Record(Avro.Schema schema) => schema switch
    {
        Avro.RecordSchema r => r,
        Avro.UnionSchema u => u.Schemas.OfType<Avro.RecordSchema>().Single(),
        Avro.ArraySchema a => Record(a.ItemSchema),
        _ => throw new InvalidOperationException($"{schema} holds no record."),
    };

    private static Avro.RecordSchema Load(string name)
    {
        using Stream stream = typeof(SchemaRegistry).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in ParcelStream.Codec.");
        using var reader = new StreamReader(stream);
        return (Avro.RecordSchema)Avro.Schema.Parse(reader.ReadToEnd());
    }
}
