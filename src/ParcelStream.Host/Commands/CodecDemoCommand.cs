using System.CommandLine;
using System.Diagnostics;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream codec-demo</c>: encodes a sample manifest in each framing and decodes it many times.</summary>
internal static class CodecDemoCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many decodes to time per framing.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("codec-demo", "Encode a sample manifest in each framing, decode it repeatedly and print the rate and allocations.") { count };
        command.SetAction(parse => Run(parse.GetValue(count)));
        return command;
    }

    private static int Run(int count)
    {
        if (count <= 0)
        {
            Console.Error.WriteLine("--count must be positive.");
            return 2;
        }

        var decoder = new ManifestDecoder(SchemaRegistry.Default);
        var view = new ManifestView();
        foreach (MessageFraming framing in Enum.GetValues<MessageFraming>())
        {
            byte[] message = ManifestEncoder.ToBytes(SampleManifest.Create(), framing);
            AvroError first = decoder.Decode(message, 0, message.Length, view);
            if (first.IsError)
            {
                Console.Error.WriteLine($"{framing}: decode failed: {first}");
                return 1;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                decoder.Decode(message, 0, message.Length, view);
            }

            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"{framing,-13} {message.Length,4} bytes  {count / clock.Elapsed.TotalSeconds / 1e6,6:0.00} M decodes/s  {(double)allocated / count:0.##} B allocated per decode  ({view})");
        }

        return 0;
    }
}
