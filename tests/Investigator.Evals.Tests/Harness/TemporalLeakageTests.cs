using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Harness;

public sealed class TemporalLeakageTests
{
    [Fact]
    public async Task A_replayed_ticket_never_sees_cases_resolved_after_it()
    {
        var root = EvalCommand.RepoRoot();
        var ticket = RecordedSuite.TicketOf(new Format.EvalCase { Id = "x", TicketFile = "samples/tickets/s03-401-since-yesterday.json", Expected = new() }, root);
        var memoryPath = Path.Combine(Path.GetTempPath(), "investigator-evals", Guid.NewGuid().ToString("N") + ".db");
        using var engine = await BuiltInEngine.OpenAsync(
            new BuiltInEngineSettings(Path.Combine(root, "samples", "world"), Path.Combine(root, "policy", "support-policy.json"), memoryPath),
            TimeProvider.System, CancellationToken.None);

        // The same problem, resolved one hour after the ticket was written: the answer from the future.
        var future = new ResolvedCase("future-answer", "acc_1007", "API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake, CaseType.Configuration,
            "CI pipeline failing with 401 Unauthorized AUTH_KEY_REVOKED since yesterday afternoon", "The ci-pipeline key was revoked.", "New key.", [], ["authentication"],
            ticket.CreatedAt!.Value.AddHours(1), "lead");
        var past = future with
        {
            CaseKey = "past-answer",
            Summary = "Nightly integration job got 401 Unauthorized after an admin revoked its API key",
            RootCause = "An administrator revoked the key the job used.",
            ResolvedAt = ticket.CreatedAt!.Value.AddDays(-30),
        };
        await engine.Memory.UpsertAsync(future, CancellationToken.None);

        var before = await engine.Pipeline.RunAsync(ticket, CancellationToken.None);
        await engine.Memory.UpsertAsync(past, CancellationToken.None);
        var after = await engine.Pipeline.RunAsync(ticket, CancellationToken.None);

        Assert.Equal(2, await engine.Memory.CountAsync(CancellationToken.None));
        Assert.DoesNotContain(before.Investigation.Evidence, e => e.Key == "case:future-answer");
        Assert.DoesNotContain(after.Investigation.Evidence, e => e.Key == "case:future-answer");
        Assert.Contains(after.Investigation.Evidence, e => e.Key == "case:past-answer");
    }
}
