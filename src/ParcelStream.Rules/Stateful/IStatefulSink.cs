namespace ParcelStream.Rules.Stateful;

/// <summary>
/// Where the stateful checks send what one manifest causes: its store's changes and the amendments of earlier parcels.
/// The worker passes one per consumed record (a struct naming the record), so that each record produced is counted
/// against the input offset that caused it, with no "current record" kept aside.
/// </summary>
public interface IStatefulSink : IChangelogSink, IAmendmentSink;
