using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Screening;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>watchList on a party name: the name fuzzy-matches an entry of the party's country.</summary>
internal sealed class WatchListCondition(ManifestField nameField, WatchList list) : Condition
{
    private readonly ManifestField _countryField = nameField + (int)PartyField.CountryCode;

    // Inlined into the program's loop and into the compiled rules (the JIT's heuristics did not inline it into the latter).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool Evaluate(ref EvalContext ctx) =>
        list.Match(ctx.Manifest.GetString(nameField), ctx.Manifest.GetString(_countryField)) >= 0;
}
