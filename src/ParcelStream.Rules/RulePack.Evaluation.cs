using System.Buffers;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Capacity;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Learning;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules;

/// <summary>Evaluation of a manifest against the compiled plan.</summary>
public sealed partial class RulePack
{
    private const int MaxStackFeatures = 512;

    /// <summary>Evaluates a manifest and fills the decision's outcome, score, reasons, referral, version, audit flag, fiscal assessment and cut-off.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="decision">The decision to fill.</param>
    /// <param name="settings">The engine's settings.</param>
    /// <param name="partition">The input partition, whose estimate of the score distribution gives the inspection cut-off (-1: not known).</param>
    /// <param name="cutoff">A recorded cut-off to reproduce a decision with, or NaN to use (and update) the partition's estimate.</param>
    [SkipLocalsInit] // every feature word is computed before any rule reads it
    internal void Evaluate(ManifestView manifest, CustomsDecision decision, EngineSettings settings, int partition = -1, double cutoff = double.NaN)
    {
        int featureCount = FeatureWords(_manifestSlots.Length, _itemSlots.Length, manifest.ItemCount);
        ulong[]? rented = null;
        Span<ulong> features = featureCount <= MaxStackFeatures
            ? stackalloc ulong[featureCount]
            : (rented = ArrayPool<ulong>.Shared.Rent(featureCount));
        try
        {
            // createdAt is judged against the record's Kafka timestamp, else the decision time (replay sets it to createdAt).
            long reference = decision.RecordTimestampMillis > 0 ? decision.RecordTimestampMillis : decision.DecidedAtMillis;
            var window = new CreatedAtWindow(reference, settings.CreatedAtMaxAgeMillis, settings.CreatedAtMaxLeadMillis);
            EvalContext ctx = Context(manifest, features, decision.RiskHistory, window);
            Decide(ref ctx, decision, settings, partition, cutoff);
            _fiscal?.Assess(manifest, decision);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Evaluates every rule's condition through the flattened program and through the condition tree it was built from,
    /// ignoring effective dates (for tests: the two must agree on every manifest).
    /// </summary>
    internal void EvaluateBothWays(ManifestView manifest, Span<bool> byProgram, Span<bool> byTree)
    {
        var features = new ulong[FeatureWords(_manifestSlots.Length, _itemSlots.Length, manifest.ItemCount)];
        EvalContext ctx = Context(manifest, features);
        for (int i = 0; i < _rules.Length; i++)
        {
            byProgram[i] = _program.Evaluate(i, ref ctx);
            byTree[i] = _rules[i].When.Evaluate(ref ctx);
        }
    }

    /// <summary>
    /// Evaluates every rule in effect through the compiled program and through the interpreter (for tests: the two must
    /// agree on every manifest).
    /// </summary>
    /// <returns>Whether the program is compiled (false: both results come from the interpreter).</returns>
    internal bool EvaluateCompiledAndInterpreted(ManifestView manifest, RiskHistory history, Span<ulong> compiled, Span<ulong> interpreted, CreatedAtWindow window = default)
    {
        var features = new ulong[FeatureWords(_manifestSlots.Length, _itemSlots.Length, manifest.ItemCount)];
        EvalContext ctx = Context(manifest, features, history, window);
        int compiledCount = _program.EvaluateAll(ref ctx, compiled);
        int interpretedCount = _program.Interpret(ref ctx, interpreted);
        return _program.IsCompiled && compiledCount == interpretedCount;
    }

    private static double Score(double logOdds) => 1.0 / (1.0 + Math.Exp(-logOdds));

    /// <summary>Gets how many feature words an evaluation uses (see <see cref="EvalContext"/> for the layout).</summary>
    internal static int FeatureWords(int manifestSlots, int itemSlots, int items) => 2 * (manifestSlots + ((items + 1) * itemSlots));

    private EvalContext Context(ManifestView manifest, Span<ulong> features, RiskHistory history = default, CreatedAtWindow window = default)
    {
        int currency = CurrencyTable.IndexOf(manifest.Currency);
        var ctx = new EvalContext(
            manifest,
            currency < 0 ? double.NaN : _currencyScale[currency],
            currency < 0 ? double.NaN : _currencyRate[currency],
            features,
            _manifestSlots.Length,
            _itemSlots.Length,
            history,
            window);
        ComputeFeatures(ref ctx, features);
        return ctx;
    }

    [SkipLocalsInit] // the automaton reads a set's scratch only after its first match wrote it; the any-line words are cleared here
    private void ComputeFeatures(ref EvalContext ctx, Span<ulong> features)
    {
        if (_manifestSlots.Length == 0 && _itemSlots.Length == 0)
        {
            return;
        }

        features.Slice(2 * _manifestSlots.Length, 2 * _itemSlots.Length).Clear();

        Span<int> scratch = stackalloc int[KeywordAutomaton.MaxSets];
        for (int s = 0; s < _manifestSlots.Length; s++)
        {
            FeatureSlot slot = _manifestSlots[s];
            ulong first = slot.Compute(slot.Field.String(ref ctx), scratch, out ulong second);
            ctx.SetFeature(false, s, 0, first, second);
        }

        int items = ctx.Manifest.ItemCount;
        for (int i = 0; i < items; i++)
        {
            ctx.Item = i;
            for (int s = 0; s < _itemSlots.Length; s++)
            {
                FeatureSlot slot = _itemSlots[s];
                ulong first = slot.Compute(slot.Field.String(ref ctx), scratch, out ulong second);
                ctx.SetFeature(true, s, i, first, second);
            }
        }

        ctx.Item = -1;
    }

    private void Decide(ref EvalContext ctx, CustomsDecision decision, EngineSettings settings, int partition, double cutoff)
    {
        double logOdds = _baseLogOdds;
        Outcome forced = Outcome.Release;
        bool audit = false;

        // The most demanding referral among the hits that could drive each outcome (rules/README.md, "Referrals").
        Referral forcedHold = Referral.None, forcedInspect = Referral.None, weightedHold = Referral.None, weightedInspect = Referral.None;
        Span<ulong> hitBits = stackalloc ulong[(_rules.Length + 63) / 64];
        int hits = _program.EvaluateAll(ref ctx, hitBits);

        // A reason code counts once per parcel (rules/README.md, "Scoring and outcomes"): two rules of one code (per-unit
        // and per-kg undervaluation) are one indicator, which adds the largest weight of its hits and is one escalation hit.
        Span<ulong> codeSeen = stackalloc ulong[(_codeCount + 63) / 64];
        Span<double> codeWeight = stackalloc double[_codeCount];
        int decisive = 0;
        long[] ruleHits = hits == 0 ? [] : _hits.Row;
        for (int i = 0, remaining = hits; i < _rules.Length && remaining > 0; i++)
        {
            if ((hitBits[i >> 6] & (1UL << i)) == 0)
            {
                continue;
            }

            remaining--;
            CompiledRule rule = _rules[i];
            ruleHits[i]++;
            decision.AddReason(rule.IdUtf8, rule.CodeUtf8, rule.DetailUtf8);
            if (rule.Informational)
            {
                // Reported only (e.g. an IOSS number the assessment could not apply): no weight, no outcome, no escalation.
                continue;
            }

            int code = _codeOf[i];
            if ((codeSeen[code >> 6] & (1UL << code)) == 0)
            {
                codeSeen[code >> 6] |= 1UL << code;
                codeWeight[code] = rule.Weight;
                logOdds += rule.Weight;
                decisive++;
            }
            else if (rule.Weight > codeWeight[code])
            {
                logOdds += rule.Weight - codeWeight[code];
                codeWeight[code] = rule.Weight;
            }

            audit |= rule.Audit;
            if (rule.Forced > forced)
            {
                forced = rule.Forced;
            }

            bool holdClass = rule.Referral is Referral.RequestForInformation or Referral.DocumentaryCheck;
            if (rule.Forced == Outcome.Hold && rule.Referral > forcedHold)
            {
                forcedHold = rule.Referral;
            }
            else if (rule.Forced == Outcome.Inspect && rule.Referral > forcedInspect)
            {
                forcedInspect = rule.Referral;
            }

            if (rule.Weight > 0 && rule.Referral != Referral.None)
            {
                ref Referral weighted = ref holdClass ? ref weightedHold : ref weightedInspect;
                if (rule.Referral > weighted)
                {
                    weighted = rule.Referral;
                }
            }
        }

        // No decisive hit (most parcels): logOdds is the base, whose score was computed the same way at load.
        double score = decisive == 0 ? _baseScore : Score(logOdds);
        double rank = decisive == 0 ? _baseLogOdds : logOdds;
        Span<float> modelFeatures = stackalloc float[RiskFeatures.Count];
        bool modelRanks = false;
        if (_model is not null)
        {
            // The model ranks what no rule forced: its log-odds plus the weights of the pack's weighted rules that hit
            // (analysts' evidence the model does not see); thresholds for HOLD and audit stay the rules' own score.
            double modelLogOdds = ScoreWithModel(ref ctx, decision, modelFeatures);
            if (_modelMode == ModelMode.Active)
            {
                rank = modelLogOdds + (rank - _baseLogOdds);
                modelRanks = true;
            }
        }

        double rankScore = modelRanks ? Score(rank) : score;
        Outcome outcome = forced;
        var capacity = new CapacitySelection(settings.Capacity, ctx.Manifest, partition, rank, cutoff);
        if (forced == Outcome.Release)
        {
            // Forced outcomes win over the score: the score decides only when no rule forced one.
            if (capacity.IsOn ? capacity.Selects : rankScore >= settings.InspectThreshold)
            {
                outcome = Outcome.Inspect;
                AddInspectReason(decision, capacity.IsOn, rankScore >= settings.InspectThreshold, modelRanks);
                if (modelRanks)
                {
                    AddModelReasons(ref ctx, decision, modelFeatures);
                }
            }
            else if (score >= settings.HoldThreshold)
            {
                outcome = Outcome.Hold;
                decision.AddReason("engine.risk-score"u8, "RISK_SCORE"u8, "risk score at or above the hold threshold"u8);
            }
        }

        bool escalating = settings.EscalationHits > 0 && decisive >= settings.EscalationHits && outcome < settings.EscalationOutcome;
        if (escalating)
        {
            // Escalation is risk selection, not a forced one: with capacity on it inspects within capacity (by rank) and
            // beyond it asks for a documentary check (HOLD).
            outcome = EscalationOutcome(settings.EscalationOutcome, capacity);
            decision.AddReason("engine.escalation"u8, "RISK_SCORE"u8, settings.EscalationDetail);
        }

        bool randomOnly = false;
        if (settings.IsRandomlySelected(ctx.Manifest.ManifestId))
        {
            randomOnly = outcome != Outcome.Inspect;
            outcome = Outcome.Inspect;
            decision.AddReason("engine.random-selection"u8, "RANDOM_SELECTION"u8, "selected at random for compliance measurement"u8);
        }

        if (modelRanks && outcome != Outcome.Inspect && settings.IsExplored(ctx.Manifest.ManifestId, ctx.History))
        {
            // Exploration for the model's sake: like a random selection, inspected beside the rank, never instead of a stop.
            randomOnly = true;
            outcome = Outcome.Inspect;
            decision.AddReason("engine.exploration"u8, "EXPLORATION"u8, "selected to learn about a seller with little inspection history"u8);
        }

        decision.Outcome = outcome;
        decision.Referral = outcome switch
        {
            Outcome.Hold => Or(forced == Outcome.Hold ? forcedHold : weightedHold, Referral.DocumentaryCheck),
            Outcome.Inspect => Or(forced == Outcome.Inspect ? forcedInspect : weightedInspect, Referral.Screening),
            _ => Referral.None,
        };
        decision.RiskScore = rankScore;
        decision.PostClearanceAudit = outcome == Outcome.Release && (audit || score >= settings.AuditThreshold);
        decision.SetRulesetVersion(_versionUtf8);
        decision.Cutoff = capacity.Cutoff;
        capacity.Record(forced == Outcome.Release || escalating, forced == Outcome.Inspect, randomOnly, outcome == Outcome.Inspect);

        static Referral Or(Referral referral, Referral fallback) => referral == Referral.None ? fallback : referral;
    }
}
