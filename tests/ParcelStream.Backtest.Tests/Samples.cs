using ParcelStream.Backtest.Replay;
using ParcelStream.Codec.Container;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Tests;

/// <summary>The shipped samples (copied next to the tests) and small containers cut from them.</summary>
internal static class Samples
{
    public static string History => Path.Combine(AppContext.BaseDirectory, "samples", "history-10k.avro");

    public static string Inspections => Path.Combine(AppContext.BaseDirectory, "samples", "inspections-10k.csv");

    public static string DefaultRules => Path.Combine(AppContext.BaseDirectory, "rules", "default");

    public static string StricterRules => Path.Combine(AppContext.BaseDirectory, "samples", "rules-stricter");

    public static string DecisionSchema => Path.Combine(AppContext.BaseDirectory, "schemas", "customs-decision.avsc");

    public static ReplayPack Pack(string directory, string name) =>
        new(name, new RuleEngine(RulePack.Load(directory), new RuleEngineOptions { WatchForChanges = false, Capacity = { Enabled = false } }));

    /// <summary>A pack whose INSPECTs are matched to the default inspection capacity (1 %), as the worker runs by default.</summary>
    public static ReplayPack CapacityPack(string directory, string name) =>
        new(name, new RuleEngine(RulePack.Load(directory), new RuleEngineOptions { WatchForChanges = false }));

    /// <summary>Reads the first datums of the sample history.</summary>
    public static List<byte[]> FirstDatums(int count)
    {
        using AvroContainerFile file = AvroContainerFile.Open(History);
        var datums = new List<byte[]>();
        while (datums.Count < count && file.TryRead(out ReadOnlyMemory<byte> datum))
        {
            datums.Add(datum.ToArray());
        }

        return datums;
    }

    /// <summary>Writes datums to a manifest container file with small blocks.</summary>
    public static void WriteContainer(string path, IEnumerable<byte[]> datums, int blockDatums, AvroContainerCodec codec)
    {
        var options = new AvroContainerWriterOptions { Codec = codec, BlockDatums = blockDatums, SyncMarker = [.. Enumerable.Range(1, 16).Select(i => (byte)i)] };
        using AvroContainerWriter writer = AvroContainerFile.Create(path, AvroContainerManifests.ManifestSchemaJson, options);
        foreach (byte[] datum in datums)
        {
            writer.WriteDatum(datum);
        }
    }
}
