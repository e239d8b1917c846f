// Writes samples/inspections-10k.csv, the made-up inspection results that go with samples/history-10k.avro.
// Run from the repository root: dotnet run samples/make-inspections.cs
// It generates the same 10,000 manifests as `parcelstream generate --out samples/history-10k.avro --count 10000 --seed 42`
// (checking every manifestId against the file), so it knows which flaw or risk each one carries, and pretends that a
// quarter of them, picked by a hash of the id, were inspected: a flawed or risky parcel is FOUND 85 % of the time, a
// clean one 2 % of the time.
#:project ../src/ParcelStream.Pipeline/ParcelStream.Pipeline.csproj
using System.Text;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Generation;

const int Count = 10_000;
const ulong Seed = 42;
var generator = new ManifestGenerator(new GeneratorOptions { Seed = Seed }.WithRiskyShare(new GeneratorOptions().RiskyShare));
var record = new ManifestRecord();
using AvroContainerFile file = AvroContainerFile.Open("samples/history-10k.avro");
ManifestDecoder decoder = file.CreateManifestDecoder();
var view = new ManifestView();
var csv = new StringBuilder("manifestId,result\n");
for (int i = 0; i < Count; i++)
{
    ManifestKind kind = generator.Next(record);
    if (!file.TryRead(out ReadOnlyMemory<byte> datum) || decoder.DecodeDatum(datum, view).IsError
        || Encoding.UTF8.GetString(view.ManifestId) != record.ManifestId)
    {
        throw new InvalidOperationException($"Manifest {i} differs from samples/history-10k.avro: regenerate both.");
    }

    ulong h = Hash(record.ManifestId);
    if (h % 100 >= 25)
    {
        continue;
    }

    bool found = (h / 100 % 100) < (kind == ManifestKind.Clean ? 2UL : 85UL);
    csv.Append(record.ManifestId).Append(found ? ",FOUND\n" : ",CLEAN\n");
}

File.WriteAllText("samples/inspections-10k.csv", csv.ToString());
Console.WriteLine("wrote samples/inspections-10k.csv");

// FNV-1a, then a finalizer so that the low digits are well mixed.
static ulong Hash(string text)
{
    ulong h = 14695981039346656037UL;
    foreach (char c in text)
    {
        h = (h ^ c) * 1099511628211UL;
    }

    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdUL;
    return h ^ (h >> 33);
}
