using System.Collections;
using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using ApacheSchema = Avro.Schema;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>
/// The reference implementation: encodes and decodes value trees (see <see cref="ManifestTree"/>) with Apache.Avro's
/// generic datum writer and reader, and converts between trees and Apache's generic objects, guided by the schema.
/// </summary>
internal static class ApacheAvro
{
    private static readonly Lazy<Avro.RecordSchema> s_manifest = new(() => (Avro.RecordSchema)Parse(RepoPaths.SchemaText("parcel-manifest.avsc")));
    private static readonly Lazy<Avro.RecordSchema> s_decision = new(() => (Avro.RecordSchema)Parse(RepoPaths.SchemaText("customs-decision.avsc")));

    /// <summary>Gets schemas/parcel-manifest.avsc as parsed by Apache.Avro (see <see cref="Parse"/>).</summary>
    public static Avro.RecordSchema ManifestSchema => s_manifest.Value;

    /// <summary>Gets schemas/customs-decision.avsc as parsed by Apache.Avro (see <see cref="Parse"/>).</summary>
    public static Avro.RecordSchema DecisionSchema => s_decision.Value;

    /// <summary>
    /// Parses a schema with Apache.Avro, logical types removed. Apache.Avro carries timestamp-millis values as
    /// DateTime and converts through TimeSpan.TotalMilliseconds, a double, which is a millisecond off for many
    /// present-day timestamps and cannot hold most longs; logical types change neither the encoding nor the
    /// canonical form, so the reference is exact without them.
    /// </summary>
    public static ApacheSchema Parse(string json)
    {
        JsonNode root = JsonNode.Parse(json)!;
        StripLogicalTypes(root);
        return ApacheSchema.Parse(root.ToJsonString());
    }

    /// <summary>Gets Apache's CRC-64-AVRO fingerprint of a schema.</summary>
    public static ulong Fingerprint(ApacheSchema schema) => unchecked((ulong)Avro.SchemaNormalization.ParsingFingerprint64(schema));

    /// <summary>Encodes a value tree as a bare datum with <paramref name="schema"/>.</summary>
    public static byte[] Encode(ApacheSchema schema, object? tree)
    {
        using var stream = new MemoryStream();
        var encoder = new BinaryEncoder(stream);
        new GenericDatumWriter<object?>(schema).Write(ToGeneric(schema, tree, "$"), encoder);
        encoder.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes a bare datum written with <paramref name="writer"/> into a value tree, resolving to <paramref name="reader"/>.</summary>
    public static object? Decode(ApacheSchema writer, ApacheSchema reader, byte[] datum)
    {
        using var stream = new MemoryStream(datum);
        object? value = new GenericDatumReader<object?>(writer, reader).Read(null, new BinaryDecoder(stream));
        Assert.Equal(datum.Length, stream.Position);
        return FromGeneric(value);
    }

    /// <summary>Converts a value tree into Apache generic objects for <paramref name="schema"/>.</summary>
    public static object? ToGeneric(ApacheSchema schema, object? value, string path)
    {
        switch (schema)
        {
            case Avro.LogicalSchema { LogicalTypeName: "timestamp-millis" }:
                return DateTime.UnixEpoch.AddTicks(checked(Convert.ToInt64(value, null) * TimeSpan.TicksPerMillisecond));
            case Avro.LogicalSchema logical:
                return ToGeneric(logical.BaseSchema, value, path);
            case Avro.UnionSchema union:
                {
                    // The first branch the value fits: null for null, else the first non-null branch.
                    ApacheSchema branch = union.Schemas.First(b => (value is null) == (b.Tag == ApacheSchema.Type.Null));
                    return ToGeneric(branch, value, path);
                }

            case Avro.RecordSchema record:
                {
                    var fields = (IReadOnlyDictionary<string, object?>)value!;
                    var result = new GenericRecord(record);
                    foreach (Avro.Field f in record.Fields)
                    {
                        if (!fields.TryGetValue(f.Name, out object? fieldValue))
                        {
                            throw new ArgumentException($"{path}.{f.Name}: the value tree has no such field.", nameof(value));
                        }

                        result.Add(f.Name, ToGeneric(f.Schema, fieldValue, path + "." + f.Name));
                    }

                    return result;
                }

            case Avro.EnumSchema e:
                return new GenericEnum(e, ((EnumSymbol)value!).Name);
            case Avro.FixedSchema f:
                return new GenericFixed(f, (byte[])value!);
            case Avro.ArraySchema a:
                return ((IList)value!).Cast<object?>().Select((v, i) => ToGeneric(a.ItemSchema, v, $"{path}[{i}]")).ToArray();
            case Avro.MapSchema m:
                return ((IReadOnlyDictionary<string, object?>)value!).ToDictionary(kv => kv.Key, kv => ToGeneric(m.ValueSchema, kv.Value, $"{path}[{kv.Key}]"));
            default:
                return schema.Tag switch
                {
                    ApacheSchema.Type.Null => null,
                    ApacheSchema.Type.Int => Convert.ToInt32(value, null),
                    ApacheSchema.Type.Long => Convert.ToInt64(value, null),
                    _ => value,
                };
        }
    }

    private static void StripLogicalTypes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("logicalType");
                foreach (KeyValuePair<string, JsonNode?> property in o)
                {
                    StripLogicalTypes(property.Value);
                }

                break;
            case JsonArray a:
                foreach (JsonNode? element in a)
                {
                    StripLogicalTypes(element);
                }

                break;
        }
    }

    /// <summary>Converts Apache generic objects into a value tree.</summary>
    public static object? FromGeneric(object? value) => value switch
    {
        GenericRecord r => r.Schema.Fields.ToDictionary(f => f.Name, f => FromGeneric(r.GetValue(f.Pos))),
        GenericEnum e => new EnumSymbol(e.Value),
        GenericFixed f => f.Value,
        DateTime d => (d - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond,
        IDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => FromGeneric(kv.Value)),
        byte[] bytes => bytes,
        IList list => list.Cast<object?>().Select(FromGeneric).ToList(),
        _ => value,
    };
}
