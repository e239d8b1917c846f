namespace ParcelStream.Codec.Fuzz;

/// <summary>A per-input function of the harness: throws on a finding.</summary>
/// <param name="input">Any bytes.</param>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The harness's targets by name (scripts/fuzz.sh TARGET), each with its seed corpus directory.</summary>
public static class FuzzTargets
{
    /// <summary>The target run when none is named: the manifest decoder and the skipper.</summary>
    public const string Default = "decoder";

    /// <summary>Gets the target names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, "inspection", "changelog", "decided", "headers"];

    /// <summary>Finds a target by name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The target, or null for an unknown name.</returns>
    public static FuzzTarget? Find(string name) => name switch
    {
        Default => ManifestFuzzTarget.Run,
        "inspection" => InspectionFuzzTarget.Run,
        "changelog" => ChangelogFuzzTarget.Run,
        "decided" => DecidedFuzzTarget.Run,
        "headers" => HeaderFuzzTarget.Run,
        _ => null,
    };

    /// <summary>Gets the seed directory of a target, relative to the harness project: corpus for the decoder, corpus-NAME for the others.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The directory name.</returns>
    public static string CorpusDirectory(string name) => name == Default ? "corpus" : "corpus-" + name;
}
