using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ParcelStream.Pipeline.Kafka;

namespace ParcelStream.Pipeline.Tests.Kafka;

public sealed class KafkaLogTests
{
    [Fact]
    public void Write_FloodOfOneFacility_PassesTheWindowsBudgetThenCountsTheRest()
    {
        using var logs = new FakeLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var clock = new FakeTimeProvider();
        var log = new KafkaLog(loggers, clock);

        for (int i = 0; i < 100; i++)
        {
            log.Write("worker#producer-1", 3, "FAIL", $"Connect to broker failed ({i})");
        }

        IReadOnlyList<FakeLogRecord> first = logs.Collector.GetSnapshot();
        Assert.Equal(KafkaLog.LinesPerWindow, first.Count);
        Assert.All(first, r => Assert.Equal(LogLevel.Error, r.Level));
        Assert.Equal("ParcelStream.Kafka", first[0].Category);
        Assert.Equal("librdkafka worker#producer-1 FAIL: Connect to broker failed (0)", first[0].Message);

        clock.Advance(KafkaLog.Window);
        log.Write("worker#producer-1", 3, "FAIL", "Connect to broker failed (again)");

        IReadOnlyList<FakeLogRecord> all = logs.Collector.GetSnapshot();
        Assert.Equal(KafkaLog.LinesPerWindow + 2, all.Count);
        Assert.Contains($"{100 - KafkaLog.LinesPerWindow} more lines like this in {(int)KafkaLog.Window.TotalSeconds} s not logged", all[^2].Message, StringComparison.Ordinal);
        Assert.EndsWith("(again)", all[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, LogLevel.Error)]
    [InlineData(3, LogLevel.Error)]
    [InlineData(4, LogLevel.Warning)]
    [InlineData(5, LogLevel.Information)]
    [InlineData(6, LogLevel.Information)]
    [InlineData(7, LogLevel.Debug)]
    public void Write_SyslogLevel_MapsToTheLoggerLevel(int syslog, LogLevel expected)
    {
        using var logs = new FakeLoggerProvider();
        using var loggers = new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        new KafkaLog(loggers).Write("c", syslog, "F", "m");

        Assert.Equal(expected, Assert.Single(logs.Collector.GetSnapshot()).Level);
    }

    [Fact]
    public void Write_OtherFacilityOrClient_HasItsOwnBudget()
    {
        using var logs = new FakeLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var log = new KafkaLog(loggers, new FakeTimeProvider());

        for (int i = 0; i < 20; i++)
        {
            log.Write("a", 4, "FAIL", "x");
            log.Write("a", 4, "BROKER", "x");
            log.Write("b", 4, "FAIL", "x");
        }

        Assert.Equal(3 * KafkaLog.LinesPerWindow, logs.Collector.Count);
    }
}
