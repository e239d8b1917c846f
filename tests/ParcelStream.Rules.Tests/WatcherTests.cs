using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Hot reload from a watched directory: content changes, invalid packs, Kubernetes ConfigMap symlink swaps.</summary>
public sealed class WatcherTests
{
    [Fact]
    public void CheckForChanges_ValidThenInvalidThenFixed_ReloadsRejectsOnceAndReloads()
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        RuleEngine engine = new(RulePack.Load(pack.Directory), new RuleEngineOptions { Directory = pack.Directory });
        using var watcher = new RulePackWatcher(engine, new RuleEngineOptions { Directory = pack.Directory, PollInterval = TimeSpan.Zero, ReloadDebounce = TimeSpan.FromHours(1) });
        Assert.False(watcher.CheckForChanges());

        pack.Write("pack.yaml", TempPack.MinimalPackYaml.Replace("test-1", "test-2", StringComparison.Ordinal));
        Assert.True(watcher.CheckForChanges());
        Assert.Equal("test-2", engine.Current.Version);

        pack.Write("rules.yaml", "rules:\n  - id: broken\n");
        Assert.False(watcher.CheckForChanges());
        Assert.False(watcher.CheckForChanges()); // the same broken content is not retried
        Assert.Equal(1, engine.ReloadFailures);
        Assert.Equal("test-2", engine.Current.Version);

        pack.Write("rules.yaml", "rules: []\n");
        Assert.True(watcher.CheckForChanges());
        Assert.Equal(2, engine.Reloads);
    }

    [Fact]
    public async Task Watcher_FileSystemEvent_ReloadsAfterTheDebounce()
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        RuleEngine engine = new(RulePack.Load(pack.Directory), new RuleEngineOptions());
        using var watcher = new RulePackWatcher(engine, new RuleEngineOptions { Directory = pack.Directory, PollInterval = TimeSpan.FromSeconds(1), ReloadDebounce = TimeSpan.FromMilliseconds(50) });
        pack.Write("pack.yaml", TempPack.MinimalPackYaml.Replace("test-1", "test-3", StringComparison.Ordinal));
        for (int i = 0; i < 200 && engine.Current.Version != "test-3"; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("test-3", engine.Current.Version);
    }

    [Fact]
    public void CheckForChanges_ConfigMapDataSymlinkSwap_Reloads()
    {
        using var root = new TempPack(new Dictionary<string, string>());
        string Mount(string name) => Path.Combine(root.Directory, name);
        root.Write("..2026_11_23_01/pack.yaml", TempPack.MinimalPackYaml);
        root.Write("..2026_11_23_01/rules.yaml", "rules: []");
        File.CreateSymbolicLink(Mount("..data"), "..2026_11_23_01");
        File.CreateSymbolicLink(Mount("pack.yaml"), "..data/pack.yaml");
        File.CreateSymbolicLink(Mount("rules.yaml"), "..data/rules.yaml");
        RuleEngine engine = new(RulePack.Load(root.Directory), new RuleEngineOptions());
        using var watcher = new RulePackWatcher(engine, new RuleEngineOptions { Directory = root.Directory, PollInterval = TimeSpan.Zero, ReloadDebounce = TimeSpan.FromHours(1) });

        // What the kubelet does: write the new version beside the old, point ..data_tmp at it, rename it over ..data.
        root.Write("..2026_11_23_02/pack.yaml", TempPack.MinimalPackYaml.Replace("test-1", "test-configmap", StringComparison.Ordinal));
        root.Write("..2026_11_23_02/rules.yaml", "rules: []");
        File.CreateSymbolicLink(Mount("..data_tmp"), "..2026_11_23_02");
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", Mount("..data_tmp"), Mount("..data")]))
        {
            mv.WaitForExit();
            Assert.Equal(0, mv.ExitCode);
        }


        Assert.True(watcher.CheckForChanges());
        Assert.Equal("test-configmap", engine.Current.Version);
    }
}
