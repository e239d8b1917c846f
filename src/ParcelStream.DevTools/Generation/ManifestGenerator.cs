using System.Buffers;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>
/// Produces realistic synthetic parcel manifests, with a configurable share of flawed and risky ones (see
/// <see cref="ManifestKind"/>), for the <c>generate</c> and <c>dev</c> commands, load tests and tests. Deterministic:
/// the same options (seed included) give the same sequence. Not thread-safe: use one generator per thread.
/// </summary>
public sealed partial class ManifestGenerator
{
    private const int MaxManifestBytes = 16 * 1024;

    private readonly GeneratorOptions _options;
    private DeterministicRandom _random;
    private readonly ManifestParts _parts;
    private readonly WeightedTable<ManifestKind> _messageKinds;
    private readonly WeightedTable<ManifestKind> _recordKinds;
    private readonly WatchListEntry[] _watchList;
    private readonly ManifestRecord _current = new();
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly string _idPrefix;
    private readonly long _startMillis;
    private long _clockMillis;
    private SplitShipmentGroup? _split;

    /// <summary>Initializes a generator.</summary>
    /// <param name="options">The seed, the mix of kinds and the start time.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="GeneratorOptions.Validate"/>).</exception>
    public ManifestGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new DeterministicRandom(options.Seed);
        _parts = new ManifestParts(_random);
        _messageKinds = KindTable(options, includeUndecodable: true);
        _recordKinds = KindTable(options, includeUndecodable: false);
        string source = "built-in";
        _watchList = options.UseRulePackWatchLists ? WatchList.Load(options.RulesDirectory, out source) : WatchList.BuiltIn;
        WatchListSource = source;
        _idPrefix = (options.Seed * 0x9E3779B97F4A7C15UL >> 40).ToString("X6", System.Globalization.CultureInfo.InvariantCulture);
        _startMillis = options.StartTime.ToUnixTimeMilliseconds();
    }

    /// <summary>Initializes a generator with the default mix and the given seed.</summary>
    /// <param name="seed">The seed.</param>
    public ManifestGenerator(ulong seed)
        : this(new GeneratorOptions { Seed = seed })
    {
    }

    /// <summary>Gets how many manifests (and messages) have been generated.</summary>
    public long Count { get; private set; }

    /// <summary>Gets where the denied-party names come from: a rule pack directory, or "built-in".</summary>
    public string WatchListSource { get; }

    /// <summary>Gets the denied-party names that <see cref="ManifestKind.DeniedParty"/> manifests are derived from.</summary>
    public IReadOnlyList<string> WatchListNames => [.. _watchList.Select(e => e.Name)];

    /// <summary>Fills <paramref name="reuse"/> with the next manifest; never <see cref="ManifestKind.Undecodable"/> (that share is left out).</summary>
    /// <param name="reuse">The record to overwrite (its party and item objects are reused).</param>
    /// <returns>What kind of manifest it now holds.</returns>
    public ManifestKind Next(ManifestRecord reuse)
    {
        ArgumentNullException.ThrowIfNull(reuse);
        ManifestKind kind = _recordKinds.Pick(_random);
        Generate(reuse, kind);
        return kind;
    }

    /// <summary>Writes the next message: a framed manifest, or for <see cref="ManifestKind.Undecodable"/> bytes no decoder accepts.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="framing">The framing (Confluent with schema id <see cref="SchemaRegistry.DefaultManifestSchemaId"/>, single-object, raw).</param>
    /// <returns>The kind, the length, and the manifest behind the message.</returns>
    public GeneratedMessage NextMessage(IBufferWriter<byte> output, MessageFraming framing)
    {
        ArgumentNullException.ThrowIfNull(output);
        ManifestKind kind = _messageKinds.Pick(_random);
        if (kind == ManifestKind.Undecodable)
        {
            Generate(_current, ManifestKind.Clean);
            return new GeneratedMessage(kind, WriteUndecodable(output, framing), _current);
        }

        Generate(_current, kind);
        return new GeneratedMessage(kind, (int)ManifestEncoder.Write(output, _current, framing), _current);
    }

    private static WeightedTable<ManifestKind> KindTable(GeneratorOptions options, bool includeUndecodable)
    {
        var entries = new List<(ManifestKind, double)>();
        double risky = 0;
        foreach (ManifestKind kind in Enum.GetValues<ManifestKind>())
        {
            if (kind == ManifestKind.Clean || (kind == ManifestKind.Undecodable && !includeUndecodable))
            {
                continue;
            }

            double share = options.Shares.GetValueOrDefault(kind);
            risky += share;
            entries.Add((kind, share));
        }

        double undecodable = includeUndecodable ? 0 : options.Shares.GetValueOrDefault(ManifestKind.Undecodable);
        entries.Insert(0, (ManifestKind.Clean, Math.Max(0, 1 - risky - undecodable)));
        return new WeightedTable<ManifestKind>([.. entries]);
    }

    private void Generate(ManifestRecord m, ManifestKind kind)
    {
        Count++;
        _clockMillis += (long)(-Math.Log(1 - _random.NextDouble()) * _options.MeanIntervalMilliseconds);
        if (kind == ManifestKind.SplitShipment)
        {
            BuildSplitMember(m);
            return;
        }

        bool marketplace = kind is ManifestKind.GiftFromMarketplace or ManifestKind.InvalidIoss or ManifestKind.IossOverThreshold;
        BuildBase(m, requirePostal: kind == ManifestKind.InvalidS10CheckDigit, requireEu: kind is ManifestKind.InvalidIoss or ManifestKind.IossOverThreshold, requireMarketplace: marketplace);
        Apply(m, kind);
    }
}
