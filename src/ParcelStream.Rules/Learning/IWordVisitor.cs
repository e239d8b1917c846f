namespace ParcelStream.Rules.Learning;

/// <summary>Receives the description words <see cref="RiskFeatures.Words"/> finds.</summary>
public interface IWordVisitor
{
    /// <summary>Called once per word, in order.</summary>
    /// <param name="word">The word's stable 64-bit hash.</param>
    void Visit(ulong word);
}
