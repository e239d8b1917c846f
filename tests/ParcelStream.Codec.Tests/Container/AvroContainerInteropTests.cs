using Avro.File;
using Avro.Generic;
using ApacheCodec = Avro.File.Codec;
using ParcelStream.Codec.Container;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>Files written here read with Apache.Avro, and files written by Apache.Avro read here.</summary>
public sealed class AvroContainerInteropTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null, 64 * 1024)]
    [InlineData(AvroContainerCodec.Null, 100)]
    [InlineData(AvroContainerCodec.Deflate, 64 * 1024)]
    [InlineData(AvroContainerCodec.Deflate, 100)]
    public void OursToApache_DataFileReader_SameValues(AvroContainerCodec codec, int blockBytes)
    {
        List<ContainerRow> rows = ContainerRow.Sample(120);
        byte[] file = ContainerTestFiles.Write(rows, codec, blockBytes);

        var read = new List<ContainerRow>();
        using (IFileReader<GenericRecord> reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(file)))
        {
            Assert.Equal(codec == AvroContainerCodec.Deflate ? "deflate" : "null", reader.GetMetaString("avro.codec"));
            foreach (GenericRecord record in reader.NextEntries)
            {
                read.Add(FromApache(record));
            }
        }

        Assert.Equal(rows, read);
    }

    [Theory]
    [InlineData(ApacheCodec.Type.Null, 64 * 1024)]
    [InlineData(ApacheCodec.Type.Null, 64)]
    [InlineData(ApacheCodec.Type.Deflate, 64 * 1024)]
    [InlineData(ApacheCodec.Type.Deflate, 64)]
    public void ApacheToOurs_DataFileWriter_SameValues(ApacheCodec.Type codec, int syncInterval)
    {
        List<ContainerRow> rows = ContainerRow.Sample(120);
        var schema = (Avro.RecordSchema)Avro.Schema.Parse(ContainerRow.SchemaJson);
        var stream = new MemoryStream();
        using (IFileWriter<GenericRecord> writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), stream, ApacheCodec.CreateCodec(codec)))
        {
            writer.SetSyncInterval(syncInterval);
            foreach (ContainerRow row in rows)
            {
                writer.Append(ToApache(schema, row));
            }
        }

        byte[] file = stream.ToArray();
        (List<ContainerRow> read, AvroContainerFile reader) = ContainerTestFiles.ReadFile(file);
        ContainerTestFiles.ReadResult segmented = ContainerTestFiles.ReadIncrementally(ContainerTestFiles.OneByteSegments(file));
        using (reader)
        {
            Assert.False(reader.Error.IsError, reader.ErrorMessage);
            Assert.Equal(codec == ApacheCodec.Type.Deflate ? AvroContainerCodec.Deflate : AvroContainerCodec.Null, reader.Codec);
            Assert.Equal(rows, read);
            Assert.True(syncInterval > 1000 || reader.BlocksRead > 1, "a small sync interval should give several blocks");
        }

        Assert.False(segmented.Error.IsError, segmented.Error.ToString());
        Assert.Equal(rows, segmented.Rows);
    }

    private static ContainerRow FromApache(GenericRecord r) => new(
        (long)r["id"],
        (string)r["name"],
        (string?)r["note"],
        [.. ((object[])r["scores"]).Cast<int>()],
        (double)r["ratio"]);

    private static GenericRecord ToApache(Avro.RecordSchema schema, ContainerRow row)
    {
        var r = new GenericRecord(schema);
        r.Add("id", row.Id);
        r.Add("name", row.Name);
        r.Add("note", row.Note);
        r.Add("scores", row.Scores.Cast<object>().ToArray());
        r.Add("ratio", row.Ratio);
        return r;
    }
}
