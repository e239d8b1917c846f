using System.Buffers;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>A small test record covering the shapes a datum skip must get right: varints, strings, unions, arrays, doubles.</summary>
internal sealed record ContainerRow(long Id, string Name, string? Note, int[] Scores, double Ratio)
{
    public const string SchemaJson = """
        {"type":"record","name":"Row","namespace":"test.container","fields":[
          {"name":"id","type":"long"},
          {"name":"name","type":"string"},
          {"name":"note","type":["null","string"]},
          {"name":"scores","type":{"type":"array","items":"int"}},
          {"name":"ratio","type":"double"}]}
        """;

    public bool Equals(ContainerRow? other) =>
        other is not null && Id == other.Id && Name == other.Name && Note == other.Note && Scores.SequenceEqual(other.Scores) && Ratio.Equals(other.Ratio);

    public override int GetHashCode() => HashCode.Combine(Id, Name, Note, Scores.Length, Ratio);

    /// <summary>Deterministic rows: negative and large ids, non-ASCII names, null and long notes, empty and multi-element arrays.</summary>
    public static List<ContainerRow> Sample(int count) =>
        Enumerable.Range(0, count).Select(i => new ContainerRow(
            Id: ((long)i * 7_919) - 5_000 + (i % 11 == 0 ? long.MaxValue / 3 : 0),
            Name: i % 4 == 0 ? $"Zoë-{i}-Köln" : $"row-{i}",
            Note: i % 3 == 0 ? null : new string('n', i % 40),
            Scores: [.. Enumerable.Range(0, i % 5).Select(k => (k * i) - 3)],
            Ratio: i / 3.0)).ToList();

    public void Write(ref AvroWriter w)
    {
        w.WriteLong(Id);
        w.WriteString(Name.AsSpan());
        if (Note is null)
        {
            w.WriteUnionIndex(0);
        }
        else
        {
            w.WriteUnionIndex(1);
            w.WriteString(Note.AsSpan());
        }

        if (Scores.Length > 0)
        {
            w.WriteBlockStart(Scores.Length);
            foreach (int s in Scores)
            {
                w.WriteInt(s);
            }
        }

        w.WriteBlockEnd();
        w.WriteDouble(Ratio);
    }

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new AvroWriter(buffer);
        Write(ref w);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static ContainerRow Decode(ReadOnlySpan<byte> datum)
    {
        var r = new AvroReader(datum);
        Assert.True(r.TryReadLong(out long id));
        Assert.True(r.TryReadString(out ReadOnlySpan<byte> name));
        Assert.True(r.TryReadUnionIndex(2, out int noteBranch));
        string? note = null;
        if (noteBranch == 1)
        {
            Assert.True(r.TryReadString(out ReadOnlySpan<byte> n));
            note = System.Text.Encoding.UTF8.GetString(n);
        }

        var scores = new List<int>();
        while (true)
        {
            Assert.True(r.TryReadBlockHeader(out long count, out _));
            if (count == 0)
            {
                break;
            }

            for (long k = 0; k < count; k++)
            {
                Assert.True(r.TryReadInt(out int s));
                scores.Add(s);
            }
        }

        Assert.True(r.TryReadDouble(out double ratio));
        Assert.Equal(0, r.Remaining);
        return new ContainerRow(id, System.Text.Encoding.UTF8.GetString(name), note, [.. scores], ratio);
    }
}

/// <summary>Writes a <see cref="ContainerRow"/> straight into a container block.</summary>
internal readonly struct RowSource(ContainerRow row) : IDatumSource
{
    public void Write(ref AvroWriter writer) => row.Write(ref writer);
}
