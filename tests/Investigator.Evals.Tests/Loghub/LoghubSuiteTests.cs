using System.Runtime.CompilerServices;
using Investigator.Evals.Format;
using Investigator.Evals.RealData;
using Xunit.Abstractions;

namespace Investigator.Evals.Tests.Loghub;

public sealed class LoghubSuiteTests(ITestOutputHelper output)
{
    // Short timing: these tests check what is measured, not how fast.
    private static LoghubSuite Suite() => new(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), 1);

    private static readonly string[] HdfsLines =
    [
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
        "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating",
        "081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864",
        "081109 204015 308 INFO dfs.DataNode$PacketResponder: Received block blk_8229193803249955061 of size 67108864 from /10.251.107.19",
        "081109 204106 329 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_-6670958622368987959 terminating",
        "081109 204132 26 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.43.115:50010 is added to blk_3050920587428079149 size 67108864",
    ];

    [Fact]
    public async Task A_missing_data_folder_skips_the_suite_with_a_message_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-data-{Guid.NewGuid():N}");

        var result = await Suite().RunAsync(new EvalContext(missing, missing, "builtin", 1), CancellationToken.None);

        Assert.Equal("loghub", result.Name);
        Assert.NotNull(result.Skipped);
        Assert.Contains(Path.Combine(missing, LoghubData.Folder), result.Skipped, StringComparison.Ordinal);
        Assert.Contains("missing", result.Skipped, StringComparison.Ordinal);
        Assert.Empty(result.Metrics);
    }

    [Fact]
    public async Task A_data_folder_without_any_system_skips_the_suite()
    {
        using var data = new TempData();
        Directory.CreateDirectory(Path.Combine(data.Root, LoghubData.Folder, "HDFS"));

        var result = await Suite().RunAsync(data.Context, CancellationToken.None);

        Assert.NotNull(result.Skipped);
        Assert.Contains("missing", result.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tiny_data_set_is_scored_against_both_truths_with_unprofiled_systems_kept_out_of_the_mean()
    {
        using var data = new TempData();
        // The original truth pretends line 4 is another event than lines 0 and 1, which the miner cannot know:
        // its PacketResponder group (3 lines) is then wrong, the other two groups (2 + 1 lines) right: GA = 3/6.
        data.System("HDFS", HdfsLines, ["E10", "E10", "E6", "E11", "E99", "E6"],
            corrected: ["PacketResponder <*> for block <*> terminating", "PacketResponder <*> for block <*> terminating", "added", "received", "PacketResponder <*> for block <*> terminating", "added"]);
        data.System("Custom", ["job 1 done", "job 2 done", "disk full on /var", "disk full on /tmp"], ["J", "J", "D", "D"]);

        var result = await Suite().RunAsync(data.Context, CancellationToken.None);

        Assert.Null(result.Skipped);
        Assert.Equal(2, result.Cases);
        Assert.Equal(0.5, result.Metrics["logs.grouping_accuracy.HDFS"]);
        Assert.Equal(1.0, result.Metrics["logs.grouping_accuracy_corrected.HDFS"]);
        Assert.Equal(0.5, result.Metrics[LoghubSuite.Mean]);
        Assert.Equal(1.0, result.Metrics[LoghubSuite.CorrectedMean]);
        Assert.Equal(1.0, result.Metrics["logs.grouping_accuracy.Custom"]);
        Assert.Equal(1.0, result.Metrics[LoghubSuite.UnseenMean]);
        Assert.DoesNotContain("logs.grouping_accuracy_corrected.Custom", result.Metrics.Keys);
        Assert.True(result.Metrics[LoghubSuite.LinesPerSecond] > 0);
        Assert.Equal(result.Metrics.Keys.Where(k => k != LoghubSuite.LinesPerSecond).Order(), result.Baselines["mask_only"].Keys.Order());

        var hdfs = result.CaseResults.Single(c => c.Id == "HDFS");
        Assert.False(hdfs.Passed);
        Assert.Equal("0.9975", hdfs.Expected["drain_published_ga"]);
        Assert.Equal("0.5000", hdfs.Actual["grouping_accuracy"]);
        Assert.Contains("3 lines of 2 events", hdfs.Trace, StringComparison.Ordinal);
        Assert.Contains("missing or unreadable: Android", result.Notes, StringComparison.Ordinal);
        Assert.Contains("Custom", result.Notes, StringComparison.Ordinal);
        Assert.Contains("loghub", result.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truth_that_does_not_align_with_its_log_is_reported_and_not_scored()
    {
        using var data = new TempData();
        data.System("HDFS", HdfsLines, ["E10", "E10"]);
        data.System("Custom", ["job 1 done", "job 2 done"], ["J", "J"]);

        var result = await Suite().RunAsync(data.Context, CancellationToken.None);

        Assert.DoesNotContain("logs.grouping_accuracy.HDFS", result.Metrics.Keys);
        Assert.Contains("HDFS (", result.Notes, StringComparison.Ordinal);
        Assert.Contains("2 rows but the log has 6 lines", result.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_loghub_samples_meet_the_issue_target_when_present()
    {
        var shared = SharedData();
        if (shared is null || !Directory.Exists(Path.Combine(shared, LoghubData.Folder)))
        {
            output.WriteLine("../shared/data/loghub-2k not found: nothing to run.");
            return;
        }

        var result = await Suite().RunAsync(new EvalContext(Path.GetDirectoryName(shared)!, shared, "builtin", 1), CancellationToken.None);

        foreach (var (name, value) in result.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{name} = {value}");
        }

        Assert.Null(result.Skipped);
        Assert.Equal(LoghubSystems.All.Count, result.Cases);
        Assert.All(result.Metrics.Where(m => m.Key != LoghubSuite.LinesPerSecond), m => Assert.InRange(m.Value, 0, 1));
        Assert.True(result.Metrics[LoghubSuite.Mean] >= 0.9, $"mean GA {result.Metrics[LoghubSuite.Mean]}");
        Assert.True(result.Metrics[LoghubSuite.Mean] > result.Baselines["mask_only"][LoghubSuite.Mean]);
    }

    /// <summary>
    /// ../shared/data next to the repository, when present. The repository is found from this source file's
    /// path, so the test also finds it when the build output lives elsewhere (--artifacts-path).
    /// </summary>
    private static string? SharedData([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln")))
            {
                var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }

    /// <summary>A throw-away data folder laid out like ../shared/data/loghub-2k.</summary>
    private sealed class TempData : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"loghub-{Guid.NewGuid():N}");

        public EvalContext Context => new(Root, Root, "builtin", 1);

        public void System(string name, string[] lines, string[] events, string[]? corrected = null)
        {
            var folder = Path.Combine(Root, LoghubData.Folder, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{name}_2k.log"), string.Join('\n', lines));
            File.WriteAllLines(LoghubData.StructuredFile(Path.Combine(Root, LoghubData.Folder), name), Csv(events));
            if (corrected is not null)
            {
                Directory.CreateDirectory(Path.Combine(folder, "loghub2_corrected"));
                File.WriteAllLines(LoghubData.CorrectedFile(Path.Combine(Root, LoghubData.Folder), name), Csv(corrected));
            }
        }

        public void Dispose()
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }

        private static IEnumerable<string> Csv(string[] labels) =>
            ["LineId,EventId,EventTemplate", .. labels.Select((label, i) => $"{i + 1},{label},\"{label}\"")];
    }
}
