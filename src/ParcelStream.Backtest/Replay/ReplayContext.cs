using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Backtest.Replay;

/// <summary>What every replay worker shares: read-only once the replay starts.</summary>
/// <param name="Packs">The packs.</param>
/// <param name="Catalogs">The packs' reason catalogs.</param>
/// <param name="Formats">Per pack, the format its decisions are encoded in (meaningful only where a block has an output buffer).</param>
/// <param name="Decoder">The manifest decoder for the file's writer schema (thread-safe).</param>
/// <param name="Schema">The file's writer schema, to find where each datum ends (null when replaying messages).</param>
/// <param name="Codec">The file's block codec.</param>
/// <param name="Limits">Bounds on each datum.</param>
/// <param name="MaxInflatedBytes">Largest inflated block accepted.</param>
/// <param name="InspectionResults">Known inspection results, or null.</param>
/// <param name="PlantedKinds">The generator's ground truth, or null.</param>
/// <param name="SourceName">UTF-8 file name (or the message source's name, e.g. the topic) written as the decisions' source topic.</param>
internal sealed record ReplayContext(
    IReadOnlyList<ReplayPack> Packs,
    RuleCatalog[] Catalogs,
    DecisionFormat[] Formats,
    ManifestDecoder Decoder,
    AvroSchema? Schema,
    AvroContainerCodec Codec,
    CodecLimits Limits,
    int MaxInflatedBytes,
    InspectionResults? InspectionResults,
    PlantedKinds? PlantedKinds,
    byte[] SourceName);
