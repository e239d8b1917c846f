using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Kafka;

/// <summary>
/// librdkafka's log lines through <see cref="ILogger"/> (category <c>ParcelStream.Kafka</c>, so in the host's configured
/// format and levels), at most <see cref="LinesPerWindow"/> lines per client, facility and level every
/// <see cref="Window"/>, the rest counted and reported once: an unreachable cluster makes librdkafka log a line every
/// 50-100 ms per broker, which would drown everything else.
/// </summary>
public sealed class KafkaLog
{
    /// <summary>How many lines of one client, facility and level pass in one <see cref="Window"/>.</summary>
    public const int LinesPerWindow = 5;

    /// <summary>The rate-limit window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static KafkaLog s_shared = new(NullLoggerFactory.Instance);

    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Client, string Facility, LogLevel Level), Budget> _budgets = new();
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="KafkaLog"/> class.</summary>
    /// <param name="loggers">Where the lines go.</param>
    /// <param name="clock">The clock of the windows (the system clock when null).</param>
    public KafkaLog(ILoggerFactory loggers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger("ParcelStream.Kafka");
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Gets or sets the log that native clients write to; their callback has no other way to find it. Nothing is logged until a host sets it.</summary>
    public static KafkaLog Shared
    {
        get => Volatile.Read(ref s_shared);
        set => Volatile.Write(ref s_shared, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Gets the callback for <c>rd_kafka_conf_set_log_cb</c> that writes to <see cref="Shared"/>.</summary>
    internal static unsafe delegate* unmanaged<nint, int, byte*, byte*, void> NativeCallback => &OnNativeLog;

    /// <summary>Gets a log handler for a Confluent.Kafka builder's <c>SetLogHandler</c>.</summary>
    /// <returns>The handler.</returns>
    public Action<IClient, LogMessage> Handler() => (_, m) => Write(m.Name, (int)m.Level, m.Facility, m.Message);

    /// <summary>Writes one librdkafka line, unless its client, facility and level used up their window.</summary>
    /// <param name="client">The client's name (client.id#type-n).</param>
    /// <param name="syslogLevel">librdkafka's level, 0 (emergency) to 7 (debug).</param>
    /// <param name="facility">librdkafka's facility (BROKER, FAIL, ...).</param>
    /// <param name="message">The line.</param>
    public void Write(string client, int syslogLevel, string facility, string message)
    {
        LogLevel level = Map(syslogLevel);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        Budget budget = _budgets.GetOrAdd((client, facility, level), static _ => new Budget());
        long suppressed;
        lock (budget)
        {
            long now = _clock.GetTimestamp();
            if (budget.Lines > 0 && _clock.GetElapsedTime(budget.Start, now) >= Window)
            {
                suppressed = budget.Suppressed;
                budget.Start = now;
                budget.Lines = 0;
                budget.Suppressed = 0;
            }
            else
            {
                suppressed = 0;
            }

            if (budget.Lines == 0)
            {
                budget.Start = now;
            }

            if (budget.Lines >= LinesPerWindow)
            {
                budget.Suppressed++;
                return;
            }

            budget.Lines++;
        }

        if (suppressed > 0)
        {
            LogSuppressed(_logger, level, client, facility, suppressed, (int)Window.TotalSeconds);
        }

        LogLine(_logger, level, client, facility, message);
    }

    private static LogLevel Map(int syslogLevel) => syslogLevel switch
    {
        <= 3 => LogLevel.Error,
        4 => LogLevel.Warning,
        5 or 6 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [UnmanagedCallersOnly]
    private static unsafe void OnNativeLog(nint rk, int level, byte* facility, byte* message)
    {
        try
        {
            string client = Marshal.PtrToStringUTF8(LibRdKafka.Name(rk)) ?? "librdkafka";
            Shared.Write(client, level, Marshal.PtrToStringUTF8((nint)facility) ?? string.Empty, Marshal.PtrToStringUTF8((nint)message) ?? string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An exception must not cross into librdkafka's thread; a log line is not worth a crash.
            Debug.WriteLine(e);
        }
    }

    private static void LogLine(ILogger logger, LogLevel level, string client, string facility, string message) =>
        logger.Log(level, new EventId(5900, "Librdkafka"), new KafkaLine(client, facility, message), null, static (s, _) => s.ToString());

    private static void LogSuppressed(ILogger logger, LogLevel level, string client, string facility, long count, int seconds) =>
        logger.Log(level, new EventId(5901, "LibrdkafkaSuppressed"), new KafkaLine(client, facility, $"{count} more lines like this in {seconds} s not logged"), null, static (s, _) => s.ToString());

    /// <summary>Lines left of one client, facility and level in the current window.</summary>
    private sealed class Budget
    {
        public long Start { get; set; }

        public int Lines { get; set; }

        public long Suppressed { get; set; }
    }

    /// <summary>The structured state of one line: JSON formatters get the fields, text formatters the sentence.</summary>
    private sealed class KafkaLine(string client, string facility, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 4;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Client", client),
            1 => new("Facility", facility),
            2 => new("Message", message),
            _ => new("{OriginalFormat}", "librdkafka {Client} {Facility}: {Message}"),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"librdkafka {client} {facility}: {message}";
    }
}
