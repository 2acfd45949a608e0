using System.Diagnostics;
using Investigator.Evals.Format;
using Investigator.Evals.RealData;
using Xunit.Abstractions;

namespace Investigator.Evals.Tests.RealData;

public sealed class SuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void All_returns_the_real_data_suites()
    {
        Assert.Equal(["endava", "gitbugs", "gitbugs-duplicates", "github-status", "wsl-faq", "loghub"], RealDataSuites.All().Select(s => s.Name));
    }

    [Fact]
    public async Task A_missing_data_folder_skips_every_suite_with_a_message_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-data-{Guid.NewGuid():N}");
        var context = new EvalContext(missing, missing, "builtin", 1);

        foreach (var suite in RealDataSuites.All())
        {
            var result = await suite.RunAsync(context, CancellationToken.None);

            Assert.Equal(suite.Name, result.Name);
            Assert.NotNull(result.Skipped);
            Assert.Contains(missing, result.Skipped, StringComparison.Ordinal);
            Assert.Contains("missing", result.Skipped, StringComparison.Ordinal);
            Assert.Equal(0, result.Cases);
            Assert.Empty(result.Metrics);
        }
    }

    [Fact]
    public async Task Endava_suite_runs_on_a_tiny_data_set_and_never_predicts_a_label_only_the_test_split_has()
    {
        var root = Path.Combine(Path.GetTempPath(), $"endava-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, EndavaTickets.Folder));
        try
        {
            // Test tickets get routing code 999, which no train ticket has: predicting it would mean a test label leaked.
            var ids = Enumerable.Range(1, 40).Select(i => $"endava-{i:00000}").ToList();
            var lines = new List<string> { "ticket_id,title,body,ticket_type,category,sub_category1,sub_category2,business_service,urgency,impact" };
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var incident = i % 3 == 0;
                var category = DataSplit.IsTest(id) ? "999" : incident ? "5" : "4";
                lines.Add(incident
                    ? $"{id},server down,production server down error since morning {i},0,{category},1,1,1,1,3"
                    : $"{id},new laptop,please order new laptop for new starter {i},1,{category},2,2,2,3,4");
            }

            await File.WriteAllLinesAsync(Path.Combine(root, EndavaTickets.Folder, EndavaTickets.FileName), lines);
            var result = await new EndavaSuite().RunAsync(new EvalContext(root, root, "builtin", 1), CancellationToken.None);

            Assert.Null(result.Skipped);
            Assert.Equal(ids.Count(DataSplit.IsTest), result.Cases);
            Assert.Equal(result.Cases, result.CaseResults.Count);
            Assert.All(result.CaseResults, c => Assert.NotEqual("999", c.Actual["routing"]));
            Assert.Equal(0, result.Metrics["decisioning.routing_accuracy"]);
            Assert.Equal(1, result.Metrics["decisioning.type_accuracy"]);
            Assert.Equal(1, result.Metrics["decisioning.incident_precision"]);
            Assert.Equal(1, result.Metrics["decisioning.incident_recall"]);
            Assert.Equal(0, result.Baselines["majority"]["decisioning.incident_precision"]);
            var bestBaseline = result.Baselines.Values.Max(b => b["decisioning.type_macro_f1"]);
            Assert.Equal(result.Metrics["decisioning.type_macro_f1"] - bestBaseline, result.Metrics["decisioning.incident_vs_request_margin"], 9);
            Assert.Contains("Chosen: smoothing", result.Notes, StringComparison.Ordinal);
            Assert.Contains($"{ids.Count - result.Cases} train, {result.Cases} test", result.Notes, StringComparison.Ordinal);
            Assert.Equal(["majority", "lexical"], result.Baselines.Keys);
            Assert.Equal(result.Metrics.Keys.Order(StringComparer.Ordinal), result.Baselines["lexical"].Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_labelled_data_suites_score_the_real_data_when_it_is_present()
    {
        var data = SharedData();
        if (data is null)
        {
            output.WriteLine("../shared/data not found: nothing to run.");
            return;
        }

        var context = new EvalContext(Path.GetDirectoryName(data)!, data, "builtin", 1);
        var clock = Stopwatch.StartNew();
        // The loghub suite is a parser benchmark with no train/test split or baselines; it has its own tests.
        foreach (var suite in RealDataSuites.All().Where(s => s is not LoghubSuite))
        {
            var started = clock.Elapsed;
            var result = await suite.RunAsync(context, CancellationToken.None);
            output.WriteLine($"{result.Name}: {result.Cases} cases in {(clock.Elapsed - started).TotalSeconds:0.0} s");
            foreach (var (name, value) in result.Metrics)
            {
                output.WriteLine($"  engine {name} = {value:0.000}  " + string.Join("  ", result.Baselines.Select(b => $"{b.Key} {b.Value.GetValueOrDefault(name):0.000}")));
            }

            Assert.Null(result.Skipped);
            Assert.True(result.Cases > 0);
            Assert.NotEmpty(result.CaseResults);
            Assert.True(result.CaseResults.Count <= RealDataScoring.MaxCaseResults);
            Assert.NotEmpty(result.Metrics);
            Assert.Contains("30% test by FNV-1a of the id", result.Notes, StringComparison.Ordinal);
            // A margin (endava's incident_vs_request_margin) is a difference of two scores, so it may be negative.
            Assert.All(
                result.Metrics.Concat(result.Baselines.Values.SelectMany(b => b)),
                m => Assert.InRange(m.Value, m.Key.EndsWith("_margin", StringComparison.Ordinal) ? -1 : 0, 1));
            Assert.Contains("majority", result.Baselines.Keys);
            Assert.Contains("lexical", result.Baselines.Keys);
            Assert.All(result.Baselines.Values, b => Assert.Equal(result.Metrics.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal)));
        }

        output.WriteLine($"all four suites: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>../shared/data next to the repository (the folder holding Investigator.sln), when present.</summary>
    private static string? SharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln")))
            {
                var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
