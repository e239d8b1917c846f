using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using BenchmarkDotNet.Attributes;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests;
using ParcelManifestSpecific = parcelstream.v1.ParcelManifest;

namespace ParcelStream.Benchmarks;

/// <summary>
/// Decodes the typical manifest (3 goods lines, about 400 bytes) with ParcelStream's decoder and with Apache.Avro's
/// generic and specific readers, each used as a careful user would: readers built once, decoder and stream reused,
/// the previous record passed back for reuse. Ratios are against the faster Apache reader.
/// </summary>
[MemoryDiagnoser]
public class ManifestDecodeBenchmarks
{
    private readonly ManifestDecoder _decoder = new(SchemaRegistry.Default);
    private readonly ManifestView _view = new();
    private byte[] _confluent = [];
    private byte[] _raw = [];
    private MemoryStream _stream = new();
    private BinaryDecoder _binaryDecoder = new(Stream.Null);
    private GenericDatumReader<GenericRecord> _genericReader = null!;
    private SpecificDatumReader<ParcelManifestSpecific> _specificReader = null!;
    private GenericRecord? _genericReuse;
    private ParcelManifestSpecific? _specificReuse;

    [GlobalSetup]
    public void Setup()
    {
        ManifestRecord manifest = SampleManifests.Typical();
        _confluent = ManifestEncoder.ToBytes(manifest, MessageFraming.Confluent);
        _raw = ManifestEncoder.ToBytes(manifest, MessageFraming.Raw);

        // Apache.Avro has no Confluent framing: the user skips the 5-byte header and reads the datum from a stream.
        _stream = new MemoryStream(_confluent, writable: false);
        _binaryDecoder = new BinaryDecoder(_stream);
        Avro.Schema schema = parcelstream.v1.SpecificSchemas.Manifest;
        _genericReader = new GenericDatumReader<GenericRecord>(schema, schema);
        _specificReader = new SpecificDatumReader<ParcelManifestSpecific>(schema, schema);

        Check(OursConfluent() == manifest.TotalValueMinor && OursRaw() == manifest.TotalValueMinor, "ParcelStream decode");
        Check((string)ApacheGeneric()["manifestId"] == manifest.ManifestId, "Apache generic decode");
        var specific = (ParcelManifestSpecific)ApacheSpecific();
        Check(specific.items.Count == manifest.Items.Count && specific.consignee.name == manifest.Consignee.Name, "Apache specific decode");
    }

    [Benchmark(Description = "ParcelStream, Confluent")]
    public long OursConfluent()
    {
        AvroError error = _decoder.Decode(_confluent, 0, _confluent.Length, _view);
        return error.IsError ? -1 : _view.TotalValueMinor;
    }

    [Benchmark(Description = "ParcelStream, raw")]
    public long OursRaw()
    {
        AvroError error = _decoder.Decode(_raw, 0, _raw.Length, _view);
        return error.IsError ? -1 : _view.TotalValueMinor;
    }

    [Benchmark(Description = "Apache GenericDatumReader")]
    public GenericRecord ApacheGeneric()
    {
        _stream.Position = FrameHeader.ConfluentLength;
        return _genericReuse = _genericReader.Read(_genericReuse!, _binaryDecoder);
    }

    [Benchmark(Baseline = true, Description = "Apache SpecificDatumReader")]
    public ISpecificRecord ApacheSpecific()
    {
        _stream.Position = FrameHeader.ConfluentLength;
        return _specificReuse = _specificReader.Read(_specificReuse!, _binaryDecoder);
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{what} did not read the sample manifest back; the benchmark would measure nothing.");
        }
    }
}
