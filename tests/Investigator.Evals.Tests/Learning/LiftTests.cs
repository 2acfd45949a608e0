using Investigator.Evals.Format;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Learning;

public sealed class LiftTests
{
    [Fact]
    public void Lift_is_on_minus_off_for_shared_metrics_without_timings()
    {
        var on = new Dictionary<string, double>
        {
            ["decisioning.type_accuracy"] = 0.75,
            ["learning.similar_case_rate"] = 0.5,
            ["investigation.evidence_precision"] = 0.3,
            ["suite.latency_ms_p50"] = 12,
            ["model.tokens_mean"] = 900,
        };
        var off = new Dictionary<string, double>
        {
            ["decisioning.type_accuracy"] = 0.8,
            ["learning.similar_case_rate"] = 0,
            ["investigation.evidence_precision"] = 0.3,
            ["suite.latency_ms_p50"] = 10,
        };

        var lift = LearningLiftSuite.Lift(on, off);

        Assert.Equal(["learning.lift.decisioning.type_accuracy", "learning.lift.investigation.evidence_precision", "learning.lift.learning.similar_case_rate"], lift.Keys);
        Assert.Equal(-0.05, lift["learning.lift.decisioning.type_accuracy"], 10);
        Assert.Equal(0, lift["learning.lift.investigation.evidence_precision"]);
        Assert.Equal(0.5, lift["learning.lift.learning.similar_case_rate"]);
    }

    [Fact]
    public async Task Demo_lift_reports_both_runs_and_their_difference()
    {
        var root = EvalCommand.RepoRoot();
        var suite = new LearningLiftSuite(Path.Combine(root, "evals", "suites", "demo"));

        var result = await suite.RunAsync(new EvalContext(root, root, "builtin", 1), CancellationToken.None);

        var off = result.Baselines["memory_off"];
        Assert.Equal("demo-lift", result.Name);
        Assert.Equal(0, off["learning.similar_case_rate"]);
        Assert.Equal(0, off["learning.memory_disposition_hit_rate"]);
        Assert.True(result.Metrics["learning.similar_case_rate"] > 0, "memory on found no similar case at all");
        foreach (var (name, value) in result.Metrics.Where(m => m.Key.StartsWith(LearningLiftSuite.LiftPrefix, StringComparison.Ordinal)))
        {
            var metric = name[LearningLiftSuite.LiftPrefix.Length..];
            Assert.Equal(Math.Round(result.Metrics[metric] - off[metric], 4), value, 10);
        }

        Assert.DoesNotContain(result.Metrics.Keys, k => k.StartsWith(LearningLiftSuite.LiftPrefix, StringComparison.Ordinal) && k.Contains("_ms", StringComparison.Ordinal));
        Assert.Contains("learning.lift.decisioning.disposition_accuracy", result.Metrics.Keys);
    }

    [Fact]
    public void Only_a_labelled_outcome_becomes_a_confirmed_resolution()
    {
        var root = EvalCommand.RepoRoot();
        var demo = RecordedSuite.LoadCases(Path.Combine(root, "evals", "suites", "demo"));
        var labelled = demo.First(c => c.Expected.Disposition is not null && c.Expected.Type is not null && c.Expected.Facts?.Account is { } a && a != "none");
        var ticket = RecordedSuite.TicketOf(labelled, root);
        var outcome = Outcome(ticket);

        var resolved = LearningLiftSuite.ConfirmedResolution(labelled, ticket, outcome);
        var unlabelled = LearningLiftSuite.ConfirmedResolution(labelled with { Expected = labelled.Expected with { Type = null } }, ticket, outcome);

        Assert.NotNull(resolved);
        Assert.Null(unlabelled);
        Assert.Equal(labelled.Id, resolved.CaseKey);
        Assert.Equal(labelled.Expected.Disposition, resolved.Disposition);
        Assert.Equal(labelled.Expected.Type, resolved.Type);
        Assert.Equal(labelled.Expected.Facts!.Account, resolved.AccountId);
        Assert.Equal(ticket.CreatedAt, resolved.ResolvedAt);
        Assert.Equal(LearningLiftSuite.ConfirmedBy, resolved.ConfirmedBy);
    }

    private static Core.Cases.CaseOutcome Outcome(Core.Intake.Ticket ticket)
    {
        var root = EvalCommand.RepoRoot();
        var memoryPath = Path.Combine(Path.GetTempPath(), "investigator-evals", $"lift-test-{Guid.NewGuid():N}.db");
        var engine = Core.Cases.BuiltInEngine.OpenAsync(
            new Core.Cases.BuiltInEngineSettings(Path.Combine(root, "samples", "world"), Path.Combine(root, "policy", "support-policy.json"), memoryPath),
            TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            return engine.Pipeline.RunAsync(ticket, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            BuiltInCaseRunner.Release(engine, memoryPath);
        }
    }
}
