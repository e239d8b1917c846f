using System.Diagnostics;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>Runs kcat (Debian package, installed by `make setup`) as an independent Kafka client.</summary>
internal static class Kcat
{
    public const string Path = "/usr/bin/kcat";

    /// <summary>Runs kcat with the arguments; returns stdout bytes; fails the test on a non-zero exit or a timeout.</summary>
    public static byte[] Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run `make setup` (apt-get install kcat).");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kcat {string.Join(' ', arguments)} did not finish in time; stderr: {stderr.Result}");
        }

        copy.Wait();
        Assert.True(process.ExitCode == 0, $"kcat exited {process.ExitCode}: {stderr.Result}");
        return stdout.ToArray();
    }

    /// <summary>Splits kcat output written with the format "%S %s" (payload size, space, payload) into payloads.</summary>
    public static List<byte[]> SplitSized(byte[] output)
    {
        var payloads = new List<byte[]>();
        int i = 0;
        while (i < output.Length)
        {
            int size = 0;
            while (output[i] != (byte)' ')
            {
                size = (size * 10) + (output[i++] - '0');
            }

            i++;
            payloads.Add(output[i..(i + size)]);
            i += size;
        }

        return payloads;
    }
}
