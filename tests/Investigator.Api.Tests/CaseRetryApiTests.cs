using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Sources;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Api.Tests;

/// <summary>Retries, parking and the retry endpoint through the running service, on a clock that moves only when the test says.</summary>
public sealed class CaseRetryApiTests
{
    private const string Ticket = "s07-workflows-stopped-running.json";

    /// <summary>The built-in intake, failing its first calls the way an unreachable account source would.</summary>
    private sealed class FlakyIntake(ITicketIntake inner, int failures) : ITicketIntake
    {
        private int _calls;

        public Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures
                ? Task.FromException<CaseFacts>(new HttpRequestException("account source refused the connection"))
                : inner.NormalizeAsync(ticket, cancellationToken);
    }

    private static WebApplicationFactory<Program> Failing(ServiceHost service, FakeTimeProvider clock, int failures) =>
        service.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<ITicketIntake>(sp => new FlakyIntake(new RuleBasedIntake(sp.GetRequiredService<IAccountSource>(), clock), failures));
        }));

    /// <summary>Reads the case until <paramref name="done"/> holds, moving the clock a second at a time so the retry check ticks. Bounded; no timing asserted.</summary>
    private static async Task<SupportCase> UntilAsync(HttpClient client, FakeTimeProvider clock, string id, Func<SupportCase, bool> done)
    {
        SupportCase? last = null;
        for (var i = 0; i < 300; i++)
        {
            last = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{id}"));
            if (done(last))
            {
                return last;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25);
        }

        Assert.Fail($"case {id} never reached the expected state; last: {last?.Status} after {last?.Attempts} attempts");
        return last!;
    }

    private static async Task<CaseQueueDepth> QueueAsync(HttpClient client)
    {
        var response = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ready = await ServiceHost.ReadJsonAsync(response);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        return ready.GetProperty("queue").Deserialize<CaseQueueDepth>(ContractJson.Options)!;
    }

    [Fact]
    public async Task A_failing_case_is_retried_when_due_parked_after_its_attempts_listed_as_parked_and_retried_by_a_person()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var service = new ServiceHost().WithSettings(("Processing:MaxAttempts", "2"), ("Processing:RetryBaseSeconds", "5"));
        // Three failures: the first two park the case, the third is the first attempt after the person's retry.
        using var host = Failing(service, clock, failures: 3);
        using var client = host.CreateClient();

        var first = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(Ticket))));

        Assert.Equal((CaseStatus.Failed, 1), (first.Status, first.Attempts));
        Assert.Equal("The intake layer failed: account source refused the connection", first.Error);
        Assert.InRange(first.NextAttemptAt!.Value, first.UpdatedAt.AddSeconds(5), first.UpdatedAt.AddSeconds(6));
        Assert.Equal(1, (await QueueAsync(client)).RetriesScheduled);

        var parked = await UntilAsync(client, clock, first.Id, c => c.Status == CaseStatus.Parked);

        Assert.Equal(2, parked.Attempts);
        Assert.Null(parked.NextAttemptAt);
        Assert.Equal(first.Error, parked.Error);
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.Parked], parked.Timeline.Select(e => e.Kind));
        var listed = await client.GetFromJsonAsync<CasePage>("/v1/cases?status=parked", ContractJson.Options);
        Assert.Equal([first.Id], listed!.Items.Select(c => c.Id));
        Assert.Equal(1, listed.Total);
        Assert.Equal(new CaseQueueDepth(0, 0, 0, 0, 1), await QueueAsync(client));

        var retry = await client.PostAsJsonAsync($"/v1/cases/{first.Id}/retry", new { by = "lead@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal($"/v1/cases/{first.Id}", retry.Headers.Location?.OriginalString);
        var requeued = await ServiceHost.ReadCaseAsync(retry);
        Assert.Equal((CaseStatus.Queued, 0), (requeued.Status, requeued.Attempts));
        var completed = await UntilAsync(client, clock, first.Id, c => c.Status == CaseStatus.Completed);
        Assert.Equal(2, completed.Attempts);   // one failed, one completed, since the person's retry
        Assert.Null(completed.Error);
        Assert.NotNull(completed.Draft);
        var asked = Assert.Single(completed.Timeline, e => e.Kind == CaseEventKind.RetryRequested);
        Assert.Equal("lead@example.com", asked.By);
        Assert.Contains("after 2 attempts", asked.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<CasePage>("/v1/cases?status=parked", ContractJson.Options))!.Total);
    }

    [Fact]
    public async Task The_status_filter_and_the_retry_endpoint_answer_400_404_and_409_as_problem_details()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var completed = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(Ticket))));
        Assert.Equal(CaseStatus.Completed, completed.Status);

        await ServiceHost.AssertProblemAsync(await client.GetAsync("/v1/cases?status=stuck"), HttpStatusCode.BadRequest, "status");
        await ServiceHost.AssertProblemAsync(await client.GetAsync("/v1/cases?status=3"), HttpStatusCode.BadRequest, "status");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{completed.Id}/retry", new { by = " " }), HttpStatusCode.BadRequest, "by");
        await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync("/v1/cases/case_missing/retry", new { by = "lead@example.com" }), HttpStatusCode.NotFound);
        var conflict = await ServiceHost.AssertProblemAsync(await client.PostAsJsonAsync($"/v1/cases/{completed.Id}/retry", new { by = "lead@example.com" }), HttpStatusCode.Conflict);
        Assert.Contains("is completed", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Names are matched whatever their case; the filter keeps the total to its status.
        var listed = await client.GetFromJsonAsync<CasePage>("/v1/cases?status=Completed", ContractJson.Options);
        Assert.Equal([completed.Id], listed!.Items.Select(c => c.Id));
        Assert.Equal(0, (await client.GetFromJsonAsync<CasePage>("/v1/cases?status=parked", ContractJson.Options))!.Total);
        Assert.DoesNotContain((await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{completed.Id}"))).Timeline, e => e.Kind == CaseEventKind.RetryRequested);
    }

    [Fact]
    public async Task Readiness_queries_the_database_and_reports_the_queue_and_health_keeps_its_fields()
    {
        using var service = new ServiceHost();
        var store = new SqliteCaseStore(Path.Combine(service.DataFolder, "cases.db"));
        var ticket = JsonSerializer.Deserialize<Ticket>(ServiceHost.SampleTicket(Ticket), ContractJson.Options)!;
        var now = DateTimeOffset.UtcNow;
        await store.InsertAsync(new SupportCase("case_parked", CaseStatus.Parked, now, now, ticket, Error: "The intake layer failed: boom", Attempts: 5), CancellationToken.None);
        await store.InsertAsync(new SupportCase("case_scheduled", CaseStatus.Failed, now, now, ticket, Error: "boom", Attempts: 1) { NextAttemptAt = now.AddDays(1) }, CancellationToken.None);
        using var client = service.CreateClient();

        var queue = await QueueAsync(client);
        var health = await ServiceHost.ReadJsonAsync(await client.GetAsync("/health"));

        Assert.Equal((1, 1, 0), (queue.Parked, queue.RetriesScheduled, queue.RetriesDue));
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("builtin", health.GetProperty("engine").GetString());
        Assert.True(health.GetProperty("accounts").GetInt32() > 0);
        Assert.True(health.GetProperty("resolvedCasesInMemory").GetInt32() > 0);
        Assert.Equal(1, health.GetProperty("queue").GetProperty("parked").GetInt32());
        // Parked and scheduled cases are not resumed at start: they wait for a person and for their time.
        Assert.Equal(CaseStatus.Parked, (await ServiceHost.ReadCaseAsync(await client.GetAsync("/v1/cases/case_parked"))).Status);
    }
}
