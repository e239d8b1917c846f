using System.Text;

namespace ParcelStream.Codec.Schemas;

/// <summary>Writes the Parsing Canonical Form of a schema, as defined by the Avro specification.</summary>
internal static class SchemaCanonicalForm
{
    public static string Write(AvroSchema schema)
    {
        var sb = new StringBuilder();
        Write(schema, sb, new HashSet<string>(StringComparer.Ordinal));
        return sb.ToString();
    }

    private static void Write(AvroSchema schema, StringBuilder sb, HashSet<string> written)
    {
        switch (schema)
        {
            case PrimitiveSchema p:
                sb.Append('"').Append(p.DisplayName).Append('"');
                break;
            case NamedSchema named when !written.Add(named.FullName):
                sb.Append('"').Append(named.FullName).Append('"');
                break;
            case RecordSchema r:
                sb.Append("{\"name\":\"").Append(r.FullName).Append("\",\"type\":\"record\",\"fields\":[");
                for (int i = 0; i < r.Fields.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append("{\"name\":\"").Append(r.Fields[i].Name).Append("\",\"type\":");
                    Write(r.Fields[i].Schema, sb, written);
                    sb.Append('}');
                }

                sb.Append("]}");
                break;
            case EnumSchema e:
                sb.Append("{\"name\":\"").Append(e.FullName).Append("\",\"type\":\"enum\",\"symbols\":[");
                for (int i = 0; i < e.Symbols.Count; i++)
                {
                    sb.Append(i > 0 ? ",\"" : "\"").Append(e.Symbols[i]).Append('"');
                }

                sb.Append("]}");
                break;
            case FixedSchema f:
                sb.Append("{\"name\":\"").Append(f.FullName).Append("\",\"type\":\"fixed\",\"size\":").Append(f.Size).Append('}');
                break;
            case ArraySchema a:
                sb.Append("{\"type\":\"array\",\"items\":");
                Write(a.Items, sb, written);
                sb.Append('}');
                break;
            case MapSchema m:
                sb.Append("{\"type\":\"map\",\"values\":");
                Write(m.Values, sb, written);
                sb.Append('}');
                break;
            case UnionSchema u:
                sb.Append('[');
                for (int i = 0; i < u.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(u.Branches[i], sb, written);
                }

                sb.Append(']');
                break;
        }
    }
}
