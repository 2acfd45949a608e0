using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Sources;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Review;

/// <summary>A lead's review through the running service: the draft approved and edited, the decision overridden, a new investigation, similar cases.</summary>
public sealed class ReviewApiTests
{
    private const string Exports = "s08-csv-export-fails.json";
    private const string RevokedKey = "s03-401-since-yesterday.json";

    private static async Task<SupportCase> InvestigateAsync(HttpClient client, string sample)
    {
        var investigated = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(sample))));
        Assert.Equal(CaseStatus.Completed, investigated.Status);
        return investigated;
    }

    /// <summary>A case that failed before intake finished: no facts, no decision, no draft. Stored before the service starts.</summary>
    private static async Task<string> ParkedAsync(ServiceHost service)
    {
        var ticket = JsonSerializer.Deserialize<Ticket>(ServiceHost.SampleTicket(Exports), ContractJson.Options)!;
        var now = DateTimeOffset.UtcNow;
        await new SqliteCaseStore(Path.Combine(service.DataFolder, "cases.db"))
            .InsertAsync(new SupportCase("case_parked", CaseStatus.Parked, now, now, ticket, Error: "The intake layer failed: boom", Attempts: 5), CancellationToken.None);
        return "case_parked";
    }

    private static async Task<SupportCase> UntilAsync(HttpClient client, string id, Func<SupportCase, bool> done)
    {
        SupportCase? last = null;
        for (var i = 0; i < 400; i++)
        {
            last = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{id}"));
            if (done(last))
            {
                return last;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"case {id} never reached the expected state; last: {last?.Status}");
        return last!;
    }

    [Fact]
    public async Task A_lead_approves_a_draft_edits_it_with_a_leak_that_fails_the_check_and_approves_only_the_clean_edit()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var investigated = await InvestigateAsync(client, Exports);

        var approved = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "approve", by = "Alex Lead" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var recorded = Assert.Single((await ServiceHost.ReadCaseAsync(approved)).Timeline, e => e.Kind == CaseEventKind.DraftApproved);
        Assert.Equal("Alex Lead", recorded.By);

        var leaking = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft",
            new { action = "edit", body = investigated.Draft!.Body + "\n\nAccount acc_1001 had the same problem; ask ops@flowpoint.example.", by = "Sam Lead" });

        Assert.Equal(HttpStatusCode.OK, leaking.StatusCode);
        var json = await ServiceHost.ReadJsonAsync(leaking);
        var check = json.GetProperty("draft").GetProperty("check");
        Assert.False(check.GetProperty("passed").GetBoolean());
        Assert.Contains(check.GetProperty("issues").EnumerateArray(), i => i.GetProperty("kind").GetString() == "leak" && i.GetProperty("sentence").GetString() == "acc_1001");
        var edited = json.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "draftEdited");
        Assert.False(edited.GetProperty("checkPassed").GetBoolean());
        Assert.Equal("Sam Lead", edited.GetProperty("by").GetString());
        var refused = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "approve", by = "Alex Lead" }), HttpStatusCode.Conflict);
        Assert.Equal("Draft not sendable", refused.GetProperty("title").GetString());

        var clean = await ServiceHost.ReadCaseAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft",
            new { action = "EDIT", body = $"Hi,\n\nWe are looking into the failing exports [{investigated.Investigation!.Evidence[0].Id}].\n\nSupport", by = "Sam Lead" }));
        Assert.True(clean.Draft!.Check.Passed);
        Assert.False(CaseReview.IsDraftApproved(clean));
        var final = await ServiceHost.ReadCaseAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "approve", by = "Alex Lead" }));
        Assert.True(CaseReview.IsDraftApproved(final));
        Assert.Equal([CaseEventKind.DraftApproved, CaseEventKind.DraftEdited, CaseEventKind.DraftEdited, CaseEventKind.DraftApproved],
            final.Timeline.Where(e => e.Kind is CaseEventKind.DraftApproved or CaseEventKind.DraftEdited).Select(e => e.Kind));
    }

    [Fact]
    public async Task The_draft_endpoint_answers_400_404_and_409_as_problem_details()
    {
        using var service = new ServiceHost();
        var parked = await ParkedAsync(service);
        using var client = service.CreateClient();
        var investigated = await InvestigateAsync(client, Exports);

        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { }), HttpStatusCode.BadRequest, "action", "by");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "publish", by = "Alex Lead" }), HttpStatusCode.BadRequest, "action");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "approve", by = " " }), HttpStatusCode.BadRequest, "by");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "edit", body = "  ", by = "Alex Lead" }), HttpStatusCode.BadRequest, "body");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/draft", new { action = "edit", body = new string('a', 20_001), by = "Alex Lead" }), HttpStatusCode.BadRequest, "body");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync("/v1/cases/case_missing/draft", new { action = "approve", by = "Alex Lead" }), HttpStatusCode.NotFound);
        var noDraft = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{parked}/draft", new { action = "approve", by = "Alex Lead" }), HttpStatusCode.Conflict);
        Assert.Equal("Case has no draft", noDraft.GetProperty("title").GetString());

        var unchanged = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{investigated.Id}"));
        Assert.DoesNotContain(unchanged.Timeline, e => e.Kind is CaseEventKind.DraftApproved or CaseEventKind.DraftEdited);
        Assert.Equal(investigated.Draft!.Body, unchanged.Draft!.Body);
    }

    [Fact]
    public async Task A_lead_overrides_priority_and_route_the_sla_follows_and_the_timeline_says_from_to_why_and_who()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var investigated = await InvestigateAsync(client, RevokedKey);
        var before = investigated.Decision!;
        var policy = host.Services.GetRequiredService<SupportPolicy>();

        var raised = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "priority", value = "P0", reason = "The whole CI is down.", by = "Alex Lead" });

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var decision = (await ServiceHost.ReadCaseAsync(raised)).Decision!;
        Assert.Equal(Priority.P0, decision.Priority);
        Assert.Equal(BusinessClock.Add(before.Sla.StartedAt, policy.Sla[Priority.P0].FirstResponse, policy.Calendar, policy.Sla[Priority.P0].BusinessHours), decision.Sla.FirstResponseDue);
        Assert.True(decision.Sla.ResolutionDue < before.Sla.ResolutionDue);

        var rerouted = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "route", value = "tier2/billing", reason = "Billing owns keys on this plan.", by = "Sam Lead" });

        var json = await ServiceHost.ReadJsonAsync(rerouted);
        Assert.Equal(("tier2", "billing"), (json.GetProperty("decision").GetProperty("route").GetProperty("tier").GetString(), json.GetProperty("decision").GetProperty("route").GetProperty("queue").GetString()));
        var overrides = json.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "overridden")
            .Select(e => (e.GetProperty("field").GetString(), e.GetProperty("from").GetString(), e.GetProperty("to").GetString(), e.GetProperty("by").GetString(), e.TryGetProperty("at", out _)))
            .ToList();
        Assert.Equal([("priority", before.Priority.ToString(), "P0", "Alex Lead", true), ("route", DecisionOverride.RouteText(before.Route), "tier2/billing", "Sam Lead", true)], overrides);
        Assert.Contains("Billing owns keys on this plan.", json.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "overridden").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_override_endpoint_answers_400_404_and_409_as_problem_details()
    {
        using var service = new ServiceHost();
        var parked = await ParkedAsync(service);
        using var client = service.CreateClient();
        var investigated = await InvestigateAsync(client, RevokedKey);

        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "priority", value = "P9", reason = "r", by = "b" }), HttpStatusCode.BadRequest, "value");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "route", value = "tier2/nowhere", reason = "r", by = "b" }), HttpStatusCode.BadRequest, "value");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "sla", value = "P1", reason = "r", by = "b" }), HttpStatusCode.BadRequest, "field");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/override", new { field = "priority", value = "P1" }), HttpStatusCode.BadRequest, "reason", "by");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync("/v1/cases/case_missing/override", new { field = "priority", value = "P1", reason = "r", by = "b" }), HttpStatusCode.NotFound);
        var undecided = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{parked}/override", new { field = "priority", value = "P1", reason = "r", by = "b" }), HttpStatusCode.Conflict);
        Assert.Equal("Case not decided yet", undecided.GetProperty("title").GetString());

        Assert.Equal(investigated.Decision!.Priority, (await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{investigated.Id}"))).Decision!.Priority);
    }

    [Fact]
    public async Task A_reinvestigation_queues_the_case_which_is_investigated_again_and_is_refused_while_queued_or_resolved()
    {
        using var service = new ServiceHost();
        var parked = await ParkedAsync(service);
        using var client = service.CreateClient();
        var investigated = await InvestigateAsync(client, Exports);

        var requested = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/reinvestigation", new { by = "Alex Lead", reason = "The export logs were late." });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal($"/v1/cases/{investigated.Id}", requested.Headers.Location?.OriginalString);
        var requeued = await ServiceHost.ReadCaseAsync(requested);
        Assert.Equal((CaseStatus.Queued, 0), (requeued.Status, requeued.Attempts));
        var asked = Assert.Single(requeued.Timeline, e => e.Kind == CaseEventKind.ReinvestigationRequested);
        Assert.Equal(("Alex Lead", "Re-investigation requested from completed: The export logs were late."), (asked.By, asked.Detail));
        var again = await UntilAsync(client, investigated.Id, c => c.Status == CaseStatus.Completed);
        Assert.Equal(1, again.Attempts);
        Assert.NotNull(again.Draft);

        // A parked case goes back to the queue too (its intake fails no more).
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/v1/cases/{parked}/reinvestigation", new { by = "Alex Lead" })).StatusCode);
        await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/resolution", new { rootCause = "Worker memory.", resolution = "Paged exports.", confirmedBy = "Alex Lead" });
        var resolved = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/reinvestigation", new { by = "Alex Lead" }), HttpStatusCode.Conflict);
        Assert.Equal("Case resolved", resolved.GetProperty("title").GetString());
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/reinvestigation", new { reason = "no one" }), HttpStatusCode.BadRequest, "by");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync("/v1/cases/case_missing/reinvestigation", new { by = "Alex Lead" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_case_still_in_the_queue_or_being_investigated_cannot_be_sent_back_to_it_nor_reviewed()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new ServiceHost();
        using var host = service.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<ITicketIntake>(sp => new GatedIntake(new RuleBasedIntake(sp.GetRequiredService<IAccountSource>(), TimeProvider.System), gate.Task))));
        using var client = host.CreateClient();
        var accepted = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations", ServiceHost.Json(ServiceHost.SampleTicket(Exports))));

        var queued = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{accepted.Id}/reinvestigation", new { by = "Alex Lead" }), HttpStatusCode.Conflict);
        var draft = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{accepted.Id}/draft", new { action = "approve", by = "Alex Lead" }), HttpStatusCode.Conflict);

        Assert.Equal("Case already in the queue", queued.GetProperty("title").GetString());
        Assert.Equal("Case being investigated", draft.GetProperty("title").GetString());
        gate.SetResult();
        var completed = await UntilAsync(client, accepted.Id, c => c.Status == CaseStatus.Completed);
        Assert.DoesNotContain(completed.Timeline, e => e.Kind is CaseEventKind.ReinvestigationRequested or CaseEventKind.DraftApproved);
    }

    [Fact]
    public async Task Similar_cases_come_from_memory_without_the_case_itself_or_any_account_id_and_the_limit_is_checked()
    {
        using var service = new ServiceHost();
        var parked = await ParkedAsync(service);
        using var client = service.CreateClient();
        var investigated = await InvestigateAsync(client, RevokedKey);

        var response = await client.GetAsync($"/v1/cases/{investigated.Id}/similar?limit=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await ServiceHost.ReadJsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(items.Count, 1, 3);
        foreach (var item in items)
        {
            Assert.Equal(["caseId", "disposition", "problem", "resolution", "resolvedAt", "rootCause", "score"], item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.DoesNotMatch(@"acc_\d+|@", item.ToString());
        }

        Assert.True(items[0].GetProperty("score").GetDouble() >= items[^1].GetProperty("score").GetDouble());
        Assert.Equal(5, (await ServiceHost.ReadJsonAsync(await client.GetAsync($"/v1/cases/{investigated.Id}/similar"))).GetProperty("items").GetArrayLength());

        // Once resolved, the case is in memory itself, and still not among its own similar cases.
        await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/resolution", new { rootCause = "The CI key was revoked by an admin.", resolution = "Issued a new key.", confirmedBy = "Alex Lead" });
        var after = (await ServiceHost.ReadJsonAsync(await client.GetAsync($"/v1/cases/{investigated.Id}/similar?limit=50"))).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(after, i => i.GetProperty("caseId").GetString() == investigated.Id);

        Assert.Equal(0, (await ServiceHost.ReadJsonAsync(await client.GetAsync($"/v1/cases/{parked}/similar"))).GetProperty("items").GetArrayLength());
        await ServiceHost.AssertProblemAsync(await client.GetAsync($"/v1/cases/{investigated.Id}/similar?limit=0"), HttpStatusCode.BadRequest, "limit");
        await ServiceHost.AssertProblemAsync(await client.GetAsync($"/v1/cases/{investigated.Id}/similar?limit=51"), HttpStatusCode.BadRequest, "limit");
        await ServiceHost.AssertProblemAsync(await client.GetAsync($"/v1/cases/{investigated.Id}/similar?limit=many"), HttpStatusCode.BadRequest, "limit");
        await ServiceHost.AssertProblemAsync(await client.GetAsync("/v1/cases/case_missing/similar"), HttpStatusCode.NotFound);
    }

    /// <summary>The built-in intake, held until the test opens the gate: the case stays queued or investigating meanwhile.</summary>
    private sealed class GatedIntake(ITicketIntake inner, Task gate) : ITicketIntake
    {
        public async Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.NormalizeAsync(ticket, cancellationToken);
        }
    }
}
