using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec;

/// <summary>Skips over a value of any schema without materializing it, within depth and element-count limits.</summary>
public static class AvroSkipper
{
    /// <summary>Skips one value written with <paramref name="schema"/>.</summary>
    /// <param name="reader">The reader, positioned at the value.</param>
    /// <param name="schema">The writer schema of the value.</param>
    /// <param name="depth">Current nesting depth.</param>
    /// <param name="maxDepth">Deepest nesting allowed.</param>
    /// <param name="maxCollectionItems">Most elements allowed in one array or map.</param>
    /// <returns>False when the input is truncated or corrupt, or over a limit (then <see cref="AvroReader.Error"/> is set).</returns>
    public static bool TrySkip(ref AvroReader reader, AvroSchema schema, int depth, int maxDepth, int maxCollectionItems)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (depth > maxDepth)
        {
            return reader.Fail(AvroErrorCode.NestingTooDeep, reader.Position);
        }

        switch (schema.Type)
        {
            case AvroType.Null:
                return true;
            case AvroType.Boolean:
                return reader.TryReadBoolean(out _);
            case AvroType.Int:
                return reader.TryReadInt(out _);
            case AvroType.Long:
                return reader.TryReadLong(out _);
            case AvroType.Float:
                return reader.TrySkip(sizeof(float));
            case AvroType.Double:
                return reader.TrySkip(sizeof(double));
            case AvroType.Bytes:
                return reader.TryReadBytes(out _);
            case AvroType.String:
                return reader.TryReadString(out _);
            case AvroType.Fixed:
                return reader.TrySkip(((FixedSchema)schema).Size);
            case AvroType.Enum:
                return reader.TryReadEnum(((EnumSchema)schema).Symbols.Count, out _);
            case AvroType.Union:
                {
                    var union = (UnionSchema)schema;
                    return reader.TryReadUnionIndex(union.Branches.Count, out int branch)
                        && TrySkip(ref reader, union.Branches[branch], depth + 1, maxDepth, maxCollectionItems);
                }

            case AvroType.Record:
                {
                    // Indexed, not foreach: enumerating the IReadOnlyList would box an enumerator per record skipped.
                    IReadOnlyList<AvroField> fields = ((RecordSchema)schema).Fields;
                    for (int i = 0; i < fields.Count; i++)
                    {
                        if (!TrySkip(ref reader, fields[i].Schema, depth + 1, maxDepth, maxCollectionItems))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case AvroType.Array:
                return TrySkipBlocks(ref reader, ((ArraySchema)schema).Items, isMap: false, depth, maxDepth, maxCollectionItems);
            case AvroType.Map:
                return TrySkipBlocks(ref reader, ((MapSchema)schema).Values, isMap: true, depth, maxDepth, maxCollectionItems);
            default:
                return reader.Fail(AvroErrorCode.SchemaMismatch, reader.Position);
        }
    }

    private static bool TrySkipBlocks(ref AvroReader reader, AvroSchema element, bool isMap, int depth, int maxDepth, int maxCollectionItems)
    {
        long total = 0;
        while (true)
        {
            int blockAt = reader.Position;
            if (!reader.TryReadBlockHeader(out long count, out long byteSize))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            // The limit bounds CPU as well as memory: an array of nulls costs no bytes per element. Compared before
            // adding, so that a huge count cannot overflow the total past the check.
            if (count > maxCollectionItems - total)
            {
                reader.Rewind(blockAt);
                return reader.Fail(AvroErrorCode.TooManyItems, blockAt);
            }

            total += count;

            if (byteSize >= 0)
            {
                if (!reader.TrySkip(byteSize))
                {
                    return false;
                }

                continue;
            }

            for (long i = 0; i < count; i++)
            {
                if ((isMap && !reader.TryReadString(out _)) || !TrySkip(ref reader, element, depth + 1, maxDepth, maxCollectionItems))
                {
                    return false;
                }
            }
        }
    }
}
