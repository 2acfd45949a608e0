using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Evals.Format;
using Investigator.Evals.Reports;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Harness;

public sealed class GateTests
{
    private static string Root => EvalCommand.RepoRoot();

    /// <summary>The real engine with its decision replaced: it always answers "question".</summary>
    private sealed class AlwaysQuestion(ICaseRunner inner) : ICaseRunner
    {
        public async Task<CaseRun> RunAsync(EvalCase evalCase, Ticket ticket, CancellationToken cancellationToken)
        {
            var run = await inner.RunAsync(evalCase, ticket, cancellationToken);
            var outcome = run.Outcome;
            return run with { Outcome = outcome with { Decision = outcome.Decision with { Disposition = Disposition.ExpectedBehaviour, Type = CaseType.Question, Priority = Priority.P3, Route = new Route(SupportTier.Tier1, "general"), Escalation = null } } };
        }

        public void Dispose() => inner.Dispose();
    }

    private static async Task<(int Exit, string Output)> RunDemoAsync(CaseRunnerFactory? factory)
    {
        var suite = new RecordedSuite(Path.Combine(Root, "evals", "suites", "demo"), factory);
        var output = new StringWriter();
        var outDir = Path.Combine(Path.GetTempPath(), "investigator-evals", "gate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exit = await EvalCommand.RunAsync(new EvalOptions("demo", "builtin", 1, outDir, null, "evals/thresholds.json", false, null), output, CancellationToken.None, [suite]);
            Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
            return (exit, output.ToString());
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task The_built_in_engine_passes_the_gate()
    {
        var (exit, output) = await RunDemoAsync(null);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task An_engine_that_always_answers_question_trips_the_gate()
    {
        var (exit, output) = await RunDemoAsync(async (m, c, ct) => new AlwaysQuestion(await BuiltInCaseRunner.CreateAsync(m, c, ct)));

        Assert.Equal(1, exit);
        Assert.Contains("GATE: demo: decisioning.disposition_accuracy", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_under_its_floor_or_missing_is_a_violation_and_a_skipped_suite_is_not()
    {
        var report = new EvalReport("builtin", "abc", DateTimeOffset.UnixEpoch, new Dictionary<string, SuiteReport>
        {
            ["demo"] = new(3, new Dictionary<string, double> { ["a.x"] = 0.5, ["a.leak_rate"] = 0.2 }, new Dictionary<string, IReadOnlyDictionary<string, double>>()),
            ["endava"] = new(0, new Dictionary<string, double>(), new Dictionary<string, IReadOnlyDictionary<string, double>>(), Skipped: "no data"),
        });
        var thresholds = new Dictionary<string, Dictionary<string, Bound>>
        {
            ["demo"] = new() { ["a.x"] = new Bound(Min: 0.6), ["a.leak_rate"] = new Bound(Max: 0), ["a.y"] = new Bound(Min: 0) },
            ["endava"] = new() { ["b.z"] = new Bound(Min: 0.9) },
        };

        var violations = Thresholds.Check(report, thresholds);

        Assert.Equal(
            ["demo: a.leak_rate = 0.200 is over its ceiling 0.000", "demo: a.x = 0.500 is under its floor 0.600", "demo: a.y is missing from the report"],
            violations);
    }

    [Fact]
    public void Comparison_names_what_improved_and_what_regressed()
    {
        static EvalReport Report(string commit, double accuracy, double leaks) => new("builtin", commit, DateTimeOffset.UnixEpoch, new Dictionary<string, SuiteReport>
        {
            ["demo"] = new(1, new Dictionary<string, double> { ["decisioning.disposition_accuracy"] = accuracy, ["drafting.leak_rate"] = leaks }, new Dictionary<string, IReadOnlyDictionary<string, double>>()),
        });

        var changes = Comparison.Changes(Report("a", 0.8, 0.1), Report("b", 0.9, 0.2));

        Assert.True(changes.Single(c => c.Metric == "decisioning.disposition_accuracy").Improved);
        Assert.True(changes.Single(c => c.Metric == "drafting.leak_rate").Regressed);
        Assert.Contains("1 improved, 1 regressed", Comparison.Render(Report("a", 0.8, 0.1), Report("b", 0.9, 0.2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_command_lines_are_refused_with_the_reason()
    {
        Assert.Equal("--repeat takes a whole number from 1 to 100, not 'zero'", Assert.Throws<ArgumentException>(() => EvalOptions.Parse(["--repeat", "zero"])).Message);
        Assert.Equal("--engine must be builtin or model, not 'gpt'", Assert.Throws<ArgumentException>(() => EvalOptions.Parse(["--engine", "gpt"])).Message);
        Assert.Equal("unknown option '--fast'", Assert.Throws<ArgumentException>(() => EvalOptions.Parse(["--fast"])).Message);
        Assert.Equal(("a.json", "b.json"), EvalOptions.Parse(["--compare", "a.json", "b.json"]).Compare);
    }
}
