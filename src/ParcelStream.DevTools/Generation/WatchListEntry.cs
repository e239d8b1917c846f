namespace ParcelStream.DevTools.Generation;

/// <summary>A denied party: its listed name, and its country when the list gives one.</summary>
internal sealed record WatchListEntry(string Name, string? Country);
