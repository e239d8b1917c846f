using System.Text.Json;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>
/// Resolves a writer schema against the reader schema (schemas/parcel-manifest.avsc) by the Avro specification's
/// rules, once per writer schema, into a tree of <see cref="ReadAction"/>s that fills a <see cref="ManifestView"/>.
/// </summary>
internal static class ManifestPlanCompiler
{
    /// <summary>Compiles the plan for <paramref name="writer"/>.</summary>
    /// <exception cref="AvroSchemaException">The writer schema cannot be read as a manifest; the message names the field.</exception>
    public static ReadAction Compile(AvroSchema writer, RecordSchema reader)
    {
        if (writer is not RecordSchema w || !w.NameMatches(reader))
        {
            throw new AvroSchemaException($"Writer schema '{writer.DisplayName}' is not a {reader.FullName}.");
        }

        return CompileRecord(w, reader, string.Empty, inItem: false);
    }

    private static RecordAction CompileRecord(RecordSchema writer, RecordSchema reader, string prefix, bool inItem)
    {
        var fields = new List<ReadAction>(writer.Fields.Count);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (AvroField wf in writer.Fields)
        {
            AvroField? rf = reader.FindField(wf.Name) ?? FindByWriterAlias(reader, wf);
            if (rf is null)
            {
                fields.Add(new SkipAction(wf.Schema));
                continue;
            }

            matched.Add(rf.Name);
            fields.Add(Compile(wf.Schema, rf.Schema, prefix + rf.Name, inItem));
        }

        var defaults = new List<ReadAction>();
        foreach (AvroField rf in reader.Fields)
        {
            if (!matched.Contains(rf.Name))
            {
                defaults.Add(CompileDefault(rf, prefix + rf.Name, inItem));
            }
        }

        return new RecordAction([.. defaults], [.. fields]);
    }

    private static AvroField? FindByWriterAlias(RecordSchema reader, AvroField writerField)
    {
        foreach (string alias in writerField.Aliases)
        {
            if (reader.FindField(alias) is { } f)
            {
                return f;
            }
        }

        return null;
    }

    private static ReadAction Compile(AvroSchema writer, AvroSchema reader, string path, bool inItem)
    {
        if (writer is UnionSchema wu)
        {
            // Each writer branch resolves on its own; a branch the reader cannot take fails only when it occurs.
            var branches = new ReadAction[wu.Branches.Count];
            for (int i = 0; i < branches.Length; i++)
            {
                branches[i] = TryCompile(wu.Branches[i], reader, path, inItem) ?? MismatchAction.Instance;
            }

            return new UnionAction(branches);
        }

        return TryCompile(writer, reader, path, inItem)
            ?? throw new AvroSchemaException($"Field '{path}': a writer {writer.DisplayName} cannot be read as {reader.DisplayName}.");
    }

    private static ReadAction? TryCompile(AvroSchema writer, AvroSchema reader, string path, bool inItem)
    {
        if (reader is UnionSchema ru)
        {
            // A non-union writer value is read into the first reader branch that accepts it.
            foreach (AvroSchema branch in ru.Branches)
            {
                if (TryCompile(writer, branch, path, inItem) is { } action)
                {
                    return action;
                }
            }

            return null;
        }

        switch (reader.Type)
        {
            case AvroType.Null when writer.Type == AvroType.Null:
                return new NullAction(TargetOf(path, inItem));
            case AvroType.String when writer.Type is AvroType.String or AvroType.Bytes:
                return new StringAction(TargetOf(path, inItem));
            case AvroType.Int when writer.Type == AvroType.Int:
            case AvroType.Long when writer.Type == AvroType.Int:
                return new IntAction(TargetOf(path, inItem));
            case AvroType.Long when writer.Type == AvroType.Long:
                return new LongAction(TargetOf(path, inItem));
            case AvroType.Enum when writer is EnumSchema we && we.NameMatches((EnumSchema)reader):
                return CompileEnum(we, (EnumSchema)reader, TargetOf(path, inItem));
            case AvroType.Record when writer is RecordSchema wr && wr.NameMatches((RecordSchema)reader):
                return CompileRecord(wr, (RecordSchema)reader, inItem ? string.Empty : path + ".", inItem);
            case AvroType.Array when writer is ArraySchema wa && !inItem && path == "items":
                {
                    ReadAction item = Compile(wa.Items, ((ArraySchema)reader).Items, "items", inItem: true);
                    return new ItemsAction(item);
                }

            default:
                return null;
        }
    }

    private static EnumAction CompileEnum(EnumSchema writer, EnumSchema reader, SlotTarget target)
    {
        int fallback = reader.DefaultSymbol is null ? -1 : reader.IndexOf(reader.DefaultSymbol);
        int[] map = new int[writer.Symbols.Count];
        for (int i = 0; i < map.Length; i++)
        {
            int r = reader.IndexOf(writer.Symbols[i]);
            map[i] = r >= 0 ? r : fallback;
        }

        return new EnumAction(target, map);
    }

    private static ReadAction CompileDefault(AvroField readerField, string path, bool inItem)
    {
        if (readerField.DefaultValue is not { } value)
        {
            throw new AvroSchemaException($"Field '{path}' is missing from the writer schema and has no default in the reader schema.");
        }

        AvroSchema schema = readerField.Schema is UnionSchema u ? u.Branches[0] : readerField.Schema;
        return (schema.Type, value.ValueKind) switch
        {
            (AvroType.Null, JsonValueKind.Null) => new NullAction(TargetOf(path, inItem)),
            (AvroType.Int or AvroType.Long, JsonValueKind.Number) => new ConstantAction(TargetOf(path, inItem), value.GetInt64()),
            (AvroType.Enum, JsonValueKind.String) => new ConstantAction(TargetOf(path, inItem), ((EnumSchema)schema).IndexOf(value.GetString()!)),
            _ => throw new AvroSchemaException($"Field '{path}': a default of {value.ValueKind} for {schema.DisplayName} is not supported by the manifest view."),
        };
    }

    private static SlotTarget TargetOf(string path, bool inItem)
    {
        if (inItem)
        {
            return ManifestLayout.TryGetItemField(path, out ItemField itemField)
                ? new SlotTarget(IsItem: true, (int)itemField)
                : throw new AvroSchemaException($"Item field '{path}' of the reader schema has no place in the manifest view.");
        }

        return ManifestLayout.TryGetField(path, out ManifestField field)
            ? new SlotTarget(IsItem: false, (int)field)
            : throw new AvroSchemaException($"Field '{path}' of the reader schema has no place in the manifest view.");
    }
}
