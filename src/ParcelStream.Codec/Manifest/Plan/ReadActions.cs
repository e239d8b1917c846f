using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>Reads a string (or bytes) into a string slot.</summary>
internal sealed class StringAction(SlotTarget target) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        if (!reader.TryReadStringRange(out int offset, out int length))
        {
            return false;
        }

        ref FieldSlot slot = ref target.Resolve(view, state);
        slot.Offset = state.BaseOffset + offset;
        slot.Length = length;
        return true;
    }
}

/// <summary>Stores null in a nullable string slot (a union's null branch, or a default of null); reads nothing.</summary>
internal sealed class NullAction(SlotTarget target) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        ref FieldSlot slot = ref target.Resolve(view, state);
        slot.Offset = 0;
        slot.Length = FieldSlot.NullLength;
        return true;
    }
}

/// <summary>Stores a constant number (a reader default); reads nothing.</summary>
internal sealed class ConstantAction(SlotTarget target, long value) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        target.Resolve(view, state).Number = value;
        return true;
    }
}

/// <summary>Reads a writer int into an int or long slot (int to long promotion).</summary>
internal sealed class IntAction(SlotTarget target) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        if (!reader.TryReadInt(out int value))
        {
            return false;
        }

        target.Resolve(view, state).Number = value;
        return true;
    }
}

/// <summary>Reads a writer long into a long slot.</summary>
internal sealed class LongAction(SlotTarget target) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        if (!reader.TryReadLong(out long value))
        {
            return false;
        }

        target.Resolve(view, state).Number = value;
        return true;
    }
}

/// <summary>Reads a writer enum symbol and maps it to the reader's symbol index (by name, resolved at compile time).</summary>
internal sealed class EnumAction(SlotTarget target, int[] writerToReader) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        int start = reader.Position;
        if (!reader.TryReadEnum(writerToReader.Length, out int index))
        {
            return false;
        }

        int mapped = writerToReader[index];
        if (mapped < 0)
        {
            // A symbol the reader does not know and no reader default: not representable.
            reader.Rewind(start);
            return reader.Fail(AvroErrorCode.SchemaMismatch, start);
        }

        target.Resolve(view, state).Number = mapped;
        return true;
    }
}

/// <summary>Reads a union branch index and runs that branch's action.</summary>
internal sealed class UnionAction(ReadAction[] branches) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        int start = reader.Position;
        if (!reader.TryReadUnionIndex(branches.Length, out int branch))
        {
            return false;
        }

        ReadAction action = branches[branch];
        if (action is MismatchAction)
        {
            // Reported where the union value starts, as an unknown enum symbol is.
            reader.Rewind(start);
            return reader.Fail(AvroErrorCode.SchemaMismatch, start);
        }

        return action.Execute(ref reader, view, ref state);
    }
}

/// <summary>A writer value the reader cannot represent (e.g. a union branch with no counterpart): an error when met.</summary>
internal sealed class MismatchAction : ReadAction
{
    public static readonly MismatchAction Instance = new();

    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state) =>
        reader.Fail(AvroErrorCode.SchemaMismatch, reader.Position);
}

/// <summary>Skips a writer value the reader has no field for.</summary>
internal sealed class SkipAction(AvroSchema writer) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state) =>
        AvroSkipper.TrySkip(ref reader, writer, state.Depth, state.MaxDepth, state.MaxCollectionItems);
}

/// <summary>Reads a record: applies the reader's defaults for fields the writer lacks, then each writer field in order.</summary>
internal sealed class RecordAction(ReadAction[] defaults, ReadAction[] fields) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        if (++state.Depth > state.MaxDepth)
        {
            return reader.Fail(AvroErrorCode.NestingTooDeep, reader.Position);
        }

        foreach (ReadAction d in defaults)
        {
            d.Execute(ref reader, view, ref state);
        }

        foreach (ReadAction f in fields)
        {
            if (!f.Execute(ref reader, view, ref state))
            {
                return false;
            }
        }

        state.Depth--;
        return true;
    }
}

/// <summary>Reads the items array block by block, one goods line per element, up to the configured limit.</summary>
internal sealed class ItemsAction(ReadAction item) : ReadAction
{
    public override bool Execute(ref AvroReader reader, ManifestView view, ref DecodeState state)
    {
        while (true)
        {
            int blockAt = reader.Position;
            if (!reader.TryReadBlockHeader(out long count, out _))
            {
                return false;
            }

            if (count == 0)
            {
                state.Item = -1;
                return true;
            }

            if (count > state.MaxItems - view.ItemCount)
            {
                reader.Rewind(blockAt);
                return reader.Fail(AvroErrorCode.TooManyItems, blockAt);
            }

            for (long i = 0; i < count; i++)
            {
                state.Item = view.AddItem();
                if (!item.Execute(ref reader, view, ref state))
                {
                    return false;
                }
            }
        }
    }
}
