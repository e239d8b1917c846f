using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ParcelStream.Rules.Compilation;

/// <summary>
/// YamlDotNet's parser with the limits a rule pack needs, checked event by event before the representation model sees
/// them: nesting depth (the model builds nodes recursively, and a stack overflow cannot be caught, so `[[[[...` would
/// end the process) and the number of nodes the file stands for with every alias expanded (the compiler walks an
/// aliased node once per alias, so ten levels of ten aliases would be ten billion nodes). Also remembers where the last
/// event started, for the errors YamlDotNet raises without a position.
/// </summary>
internal sealed class GuardedYamlParser : IParser
{
    /// <summary>Deepest nesting of mappings and sequences (the default pack nests about 10 deep).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a file may stand for, aliases expanded (the default pack's largest file has about 3,000).</summary>
    public const long MaxNodes = 200_000;

    private readonly IParser _inner;
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private readonly Stack<(long Size, string Anchor)> _open = new();
    private long _total;

    public GuardedYamlParser(IParser inner)
    {
        _inner = inner;
    }

    /// <inheritdoc />
    public ParsingEvent? Current => _inner.Current;

    /// <summary>Gets the 1-based line the last event started on (0 before the first).</summary>
    public int LastLine { get; private set; }

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        ParsingEvent e = _inner.Current!;
        LastLine = (int)Math.Min(e.Start.Line, int.MaxValue);
        switch (e)
        {
            case MappingStart or SequenceStart:
                if (_open.Count >= MaxDepth)
                {
                    throw new YamlException(e.Start, e.End, $"nested more than {MaxDepth} levels deep");
                }

                _open.Push((0, ((NodeEvent)e).Anchor.IsEmpty ? string.Empty : ((NodeEvent)e).Anchor.Value));
                break;
            case MappingEnd or SequenceEnd when _open.Count > 0:
                (long size, string anchor) = _open.Pop();
                Close(e, size + 1, 1, anchor);
                break;
            case Scalar scalar:
                Close(e, 1, 1, scalar.Anchor.IsEmpty ? string.Empty : scalar.Anchor.Value);
                break;
            case AnchorAlias alias:
                // An unknown alias is YamlDotNet's to report; it counts as one node here.
                long aliased = _anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                Add(e, aliased, aliased);
                break;
        }

        return true;
    }

    /// <summary>A node ended: remember its size (itself and everything under it) under its anchor, and count it.</summary>
    private void Close(ParsingEvent e, long size, long added, string anchor)
    {
        if (anchor.Length > 0)
        {
            _anchorSizes[anchor] = size;
        }

        Add(e, size, added);
    }

    /// <summary>Adds a node of <paramref name="size"/> to its parent and <paramref name="added"/> nodes not counted yet to the total.</summary>
    private void Add(ParsingEvent e, long size, long added)
    {
        _total += added;
        if (_total > MaxNodes)
        {
            throw new YamlException(e.Start, e.End, $"the file stands for more than {MaxNodes:N0} values with its aliases expanded");
        }

        if (_open.Count > 0)
        {
            (long parent, string anchor) = _open.Pop();
            _open.Push((parent + size, anchor));
        }
    }
}
