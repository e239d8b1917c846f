using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Screening;

namespace ParcelStream.Rules.Evaluation.Conditions;

/// <summary>watchList on a party name: the name fuzzy-matches an entry of the party's country.</summary>
internal sealed class WatchListCondition(ManifestField nameField, WatchList list) : Condition
{
    private readonly ManifestField _countryField = nameField + (int)PartyField.CountryCode;

    public override bool Evaluate(ref EvalContext ctx) =>
        list.Match(ctx.Manifest.GetString(nameField), ctx.Manifest.GetString(_countryField)) >= 0;
}
