using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Feedback;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Benchmarks;

/// <summary>
/// The default rule pack on a typical manifest (3 lines) and a worst case (10 lines, long descriptions): ParcelStream's
/// compiled plan over a decoded ManifestView against the same rules in Microsoft's RulesEngine over a ManifestRecord.
/// Decoding is outside both measurements. Random selection and escalation are off so that both compute the same thing.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class RuleEvaluationBenchmarks
{
    private static readonly string s_pack = Path.Combine(AppContext.BaseDirectory, "rules", "default");

    private readonly ManifestView _typicalView = new();
    private readonly ManifestView _worstView = new();
    private readonly CustomsDecision _decision = new();
    private RuleEngine _engine = null!;
    private RiskHistoryTable _history = null!;
    private PeerRules _peer = null!;
    private ManifestRecord _typical = null!;
    private ManifestRecord _worst = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 };
        _engine = new RuleEngine(RulePack.Load(s_pack), options);
        _peer = new PeerRules(s_pack);
        _typical = TestManifests.Clean();
        _worst = TestManifests.WorstCase();
        Decode(_typical, _typicalView);
        Decode(_worst, _worstView);

        // The worker's history table with the typical manifest's seller and consignor in it, among 100,000 others.
        _history = new RiskHistoryTable(new RiskHistoryOptions());
        for (int i = 0; i < 100_000; i++)
        {
            _history.Set(new FeedbackKey(FeedbackKind.Seller, $"S-{i}"), new FeedbackCounts(10, i % 10));
            _history.Set(new FeedbackKey(FeedbackKind.Consignor, PartyKeys.Format((ulong)i + 1)), new FeedbackCounts(4, 1));
        }

        _history.Set(new FeedbackKey(FeedbackKind.Seller, _typical.SellerId!), new FeedbackCounts(12, 9));
        _history.Set(new FeedbackKey(FeedbackKind.Consignor, PartyKeys.Format(PartyKeys.Consignor(_typicalView))), new FeedbackCounts(6, 1));
        if (!_engine.Current.RuleIds.Order().SequenceEqual(PeerRules.RuleIds.Order()))
        {
            throw new InvalidOperationException("the RulesEngine workflow and the rule pack have different rules");
        }

        // Same rules: both engines must reach the same hits and outcome on the benchmark inputs and on risky variants.
        foreach (ManifestRecord m in Variants())
        {
            var view = new ManifestView();
            Decode(m, view);
            _decision.Reset();
            _engine.Evaluate(view, _decision);
            List<string> ours = Enumerable.Range(0, _decision.ReasonCount).Select(i => Encoding.UTF8.GetString(_decision.ReasonRuleId(i))).Where(id => !id.StartsWith("engine.", StringComparison.Ordinal)).ToList();
            (Outcome outcome, double score, List<string> theirs) = _peer.DecideAsync(m, options.HoldThreshold, options.InspectThreshold).GetAwaiter().GetResult();
            if (!ours.SequenceEqual(theirs) || outcome != _decision.Outcome || Math.Abs(score - _decision.RiskScore) > 1e-12)
            {
                throw new InvalidOperationException($"{m.ManifestId}: ParcelStream [{string.Join(", ", ours)}] {_decision.Outcome} vs RulesEngine [{string.Join(", ", theirs)}] {outcome}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "ParcelStream")]
    [BenchmarkCategory("typical (3 lines)")]
    public Outcome ParcelStreamTypical() => Evaluate(_typicalView);

    /// <summary>What the worker does with feedback on: the seller's and consignor's history looked up, then the pack (whose history rule then hits).</summary>
    [Benchmark(Description = "ParcelStream + inspection history")]
    [BenchmarkCategory("typical (3 lines)")]
    public Outcome ParcelStreamTypicalWithHistory()
    {
        _decision.Reset();
        _decision.RiskHistory = _history.Lookup(_typicalView);
        _engine.Evaluate(_typicalView, _decision);
        return _decision.Outcome;
    }

    [Benchmark(Description = "RulesEngine 6.0.1")]
    [BenchmarkCategory("typical (3 lines)")]
    public async Task<Outcome> RulesEngineTypical() => (await _peer.DecideAsync(_typical, 0.5, 0.85)).Outcome;

    [Benchmark(Baseline = true, Description = "ParcelStream")]
    [BenchmarkCategory("worst case (10 lines, long descriptions)")]
    public Outcome ParcelStreamWorstCase() => Evaluate(_worstView);

    [Benchmark(Description = "RulesEngine 6.0.1")]
    [BenchmarkCategory("worst case (10 lines, long descriptions)")]
    public async Task<Outcome> RulesEngineWorstCase() => (await _peer.DecideAsync(_worst, 0.5, 0.85)).Outcome;

    private static void Decode(ManifestRecord record, ManifestView view)
    {
        byte[] bytes = ManifestEncoder.ToBytes(record);
        AvroError error = new ManifestDecoder(SchemaRegistry.Default).Decode(bytes, 0, bytes.Length, view);
        if (error.IsError)
        {
            throw new InvalidOperationException(error.ToString());
        }
    }

    private static IEnumerable<ManifestRecord> Variants()
    {
        yield return TestManifests.Clean();
        yield return TestManifests.WorstCase();
        Action<ManifestRecord>[] changes =
        [
            m => m.Pieces = 0,
            m => m.Items[0].HsCode = "930400",
            m => m.Items[0].Description = "Gifts, accessories",
            m => m.Items[2].Description = "Carved ivory figurine",
            m => (m.Items[1].HsCode, m.Items[1].Description) = ("850760", "Power bank"),
            m => (m.Items[2].HsCode, m.Items[2].Description) = ("420221", "Designer handbag AAA quality replica"),
            m => m.Items[0].ValueMinor = 299,
            m => m.TotalValueMinor = 9_999,
            m => m.GrossWeightGrams = 100,
            m => (m.Category, m.Items[1].Quantity) = (Category.Gift, 6),
            m => m.IossNumber = "IM12",
            m => m.IossNumber = null,
            m => (m.DestinationCountry, m.Consignee.CountryCode, m.Currency, m.IossNumber) = ("US", "US", "USD", null),
            m => (m.Consignee.Name, m.Consignee.CountryCode) = ("Schafer Export Jurgen", "DE"),
            m => m.Items[1].OriginCountry = "KP",
            m => m.TrackingNumber = "RR123456784CN",
            m => m.Items[0].HsCode = "8518",
            m => (m.Items[1].HsCode, m.Items[1].Description) = ("300490", "Prescription medicine tablets"),
            m => (m.Items[1].HsCode, m.Items[1].Description, m.DestinationCountry, m.Consignee.CountryCode) = ("240412", "E-liquid", "CH", "CH"),
            m => (m.Items[0].HsCode, m.Items[0].Description, m.Items[0].NetWeightGrams) = ("847160", "Wireless computer mouse", 80),
            m => m.Items[2].Description = "Smartphone 6.5 inch",
            m => (m.Items[2].HsCode, m.Items[2].Description) = ("910211", "Rolex wristwatch"),
            m => (m.Items[0].HsCode, m.Items[0].Description, m.Items[0].ValueMinor, m.TotalValueMinor) = ("851713", "Smartphone", 100, 1_898),
        ];
        for (int i = 0; i < changes.Length; i++)
        {
            ManifestRecord m = TestManifests.Clean();
            m.ManifestId = $"variant-{i}";
            changes[i](m);
            yield return m;
        }
    }

    private Outcome Evaluate(ManifestView view)
    {
        _decision.Reset();
        _engine.Evaluate(view, _decision);
        return _decision.Outcome;
    }
}
