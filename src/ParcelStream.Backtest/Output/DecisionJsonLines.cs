using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Output;

/// <summary>
/// Writes decisions as JSON Lines to a stream, in the same form as <c>replay --out FILE.jsonl</c> (the decision schema's
/// field names and symbols, reasons, referral and assessment). For tools that print decisions; one instance per thread.
/// </summary>
public sealed class DecisionJsonLines : IDisposable
{
    private readonly JsonDecisionWriter _writer = new();
    private readonly PooledBufferWriter _line = new(1024);
    private readonly Stream _output;

    /// <summary>Initializes a writer onto a stream.</summary>
    /// <param name="output">Where the lines go (not disposed with this writer).</param>
    public DecisionJsonLines(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes one decision as one line.</summary>
    /// <param name="decision">The decision.</param>
    /// <exception cref="ArgumentException">The decision holds text that is not UTF-8 or a score that is not finite.</exception>
    public void Write(CustomsDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _line.Truncate(0);
        _writer.WriteLine(_line, decision);
        _output.Write(_line.WrittenSpan);
    }

    /// <summary>Releases the buffers.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _line.Dispose();
    }
}
