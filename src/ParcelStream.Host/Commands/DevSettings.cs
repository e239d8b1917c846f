using ParcelStream.Codec;

namespace ParcelStream.Host.Commands;

/// <summary>The options of <c>parcelstream dev</c>.</summary>
internal sealed record DevSettings(long Count, int Rate, int DurationSeconds, int Partitions, int Threads, ulong Seed, string? Rules, MessageFraming Framing, int MetricsPort, bool Stateful = true, string? Start = null, bool Feedback = true)
{
    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, naming the option, or null.</returns>
    public string? Validate() =>
        Count < 0 ? "--count must not be negative."
        : Rate < 0 ? "--rate must not be negative."
        : DurationSeconds < 0 ? "--duration must not be negative."
        : Count == 0 && DurationSeconds == 0 ? "give --count or --duration (or both), or the run never ends by itself."
        : Partitions is < 1 or > 256 ? "--partitions must be 1 to 256."
        : Threads is < 0 or > 256 ? "--threads must be 0 (one per core) to 256."
        : MetricsPort is < -1 or > 65_535 ? "--metrics-port must be -1 (off), 0 (a free port) or 1 to 65535."
        : !StartOption.TryParse(Start, out _) ? $"--start must be a date (2026-06-25) or a date and time (2026-06-25T06:00:00Z), not '{Start}'."
        : null;
}
