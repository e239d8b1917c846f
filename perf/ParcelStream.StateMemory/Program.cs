// Memory per tracked key of the split-shipment store: inserts N consignee keys, each with P recent parcels shaped as the
// worker stores them (manifestId and S10 tracking number as UTF-8, value, event time, hashes), into the same
// KeyValueStore the worker uses, and reports the managed heap (GC.GetTotalMemory after a full collection) and the
// process working set before and after. Usage: dotnet run -c Release --project perf/ParcelStream.StateMemory -- [keys] [parcelsPerKey]
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ParcelStream.Rules.Stateful;

int keys = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
int parcels = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
const long T0 = 1_794_960_000_000;

var store = new KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>("split-store", 0, null, null, SplitShipmentSettings.DefaultWindow);
(long heapBefore, long setBefore) = Measure();
var random = new Random(42);
var clock = Stopwatch.StartNew();
for (int i = 0; i < keys; i++)
{
    var key = new ConsigneeKey((ulong)random.NextInt64(), (ulong)random.NextInt64());
    var window = new ParcelWindow(parcels);
    for (int p = 0; p < parcels; p++)
    {
        long time = T0 + (i / 100) + (p * 60_000L);
        var record = ParcelRecord.Create(
            Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"MF-2026-11-18-{(i * parcels) + p:D9}")),
            Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"RR{(i * parcels) + p:D8}5CN")[..13]));
        record.ContentHash = (ulong)random.NextInt64();
        record.ValueCents = 6_000 + p;
        record.EventTimeMillis = time;
        record.RiskScore = 0.05f;
        window.Add(record);
    }

    store.Put(key, window, window[parcels - 1].EventTimeMillis);
}

double insertSeconds = clock.Elapsed.TotalSeconds;
(long heapAfter, long setAfter) = Measure();
GC.KeepAlive(store);

// One consignee's changelog record (key + event-time prefix + value), for the changelog's size per key.
var sample = new ArrayBufferWriter<byte>();
new ParcelWindowCodec().WriteValue(store.Entries.First().Value, sample);
int changelogBytes = ConsigneeKey.Size + KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>.ValuePrefix + sample.WrittenCount;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keys {store.Count:N0}, parcels per key {parcels}, inserted in {insertSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap: {heapBefore / 1e6:0.0} MB -> {heapAfter / 1e6:0.0} MB = {(heapAfter - heapBefore) / (double)keys:0.0} bytes per key"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set:  {setBefore / 1e6:0.0} MB -> {setAfter / 1e6:0.0} MB = {(setAfter - setBefore) / (double)keys:0.0} bytes per key"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"changelog record per key: {changelogBytes} bytes (before compression)"));
return 0;

static (long Heap, long WorkingSet) Measure()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    using Process self = Process.GetCurrentProcess();
    self.Refresh();
    return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
}
