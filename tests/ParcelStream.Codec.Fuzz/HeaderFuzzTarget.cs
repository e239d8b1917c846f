using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// The text our headers and record keys carry: the <c>parcelstream.risk-history</c> header (<see cref="RiskHistory"/>,
/// also what <c>rules decide --risk-history</c> reads), and the statistics topic's <c>LINE@PARTITION</c> keys with
/// their feedback lines. Nothing may throw, and whatever parses must format to text that parses to the same value.
/// </summary>
public static class HeaderFuzzTarget
{
    /// <summary>Parses <paramref name="input"/> as each kind of header or key text.</summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">A parser broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        RiskHistoryText(input);
        StatisticsKey(input);
        string text = Encoding.UTF8.GetString(input);
        if (FeedbackKey.TryParse(text, out FeedbackKey key) && (!FeedbackKey.TryParse(key.ToString(), out FeedbackKey back) || back != key))
        {
            FuzzCheck.Fail($"feedback key '{key}' does not parse back");
        }
    }

    private static void RiskHistoryText(ReadOnlySpan<byte> input)
    {
        if (!RiskHistory.TryParse(input, out RiskHistory history))
        {
            return;
        }

        Span<byte> formatted = stackalloc byte[RiskHistory.MaxFormattedLength];
        int length = history.Format(formatted);
        if (!RiskHistory.TryParse(formatted[..length], out RiskHistory back) || !back.Equals(history))
        {
            FuzzCheck.Fail($"risk history {history} formats as '{Encoding.UTF8.GetString(formatted[..length])}', which does not parse back");
        }

        _ = history.SellerRisk + history.ConsignorRisk + history.PriorMean;
    }

    private static void StatisticsKey(ReadOnlySpan<byte> input)
    {
        if (StatsRecord.TryParseKey(input, out FeedbackKey line, out int partition)
            && (!StatsRecord.TryParseKey(StatsRecord.Key(line, partition), out FeedbackKey backLine, out int backPartition) || backLine != line || backPartition != partition))
        {
            FuzzCheck.Fail($"statistics key {line}@{partition} does not parse back");
        }
    }
}
