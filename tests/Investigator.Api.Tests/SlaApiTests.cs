using System.Net;
using System.Net.Http.Json;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Api.Tests;

public sealed class SlaApiTests
{
    private const string Ticket = "s14-charged-twice.json";

    // The ticket's createdAt: the SLA clocks start there.
    private static readonly DateTimeOffset Created = new(2026, 11, 15, 3, 40, 0, TimeSpan.Zero);

    /// <summary>The service with its clock replaced: time moves only when the test advances it.</summary>
    private static WebApplicationFactory<Program> WithClock(ServiceHost service, FakeTimeProvider clock) =>
        service.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));

    private static async Task<SupportCase> InvestigateAsync(HttpClient client)
    {
        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(Ticket)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ServiceHost.ReadCaseAsync(response);
    }

    /// <summary>
    /// Reads <paramref name="path"/> until <paramref name="done"/> holds, moving the fake clock a minute at a time so
    /// that the monitor's periodic timer ticks again even if its first tick was missed. Bounded; no timing asserted.
    /// </summary>
    private static async Task<T> UntilAsync<T>(HttpClient client, FakeTimeProvider clock, string path, Func<T, bool> done)
    {
        T? last = default;
        for (var i = 0; i < 200; i++)
        {
            last = (await client.GetFromJsonAsync<T>(path, ContractJson.Options))!;
            if (done(last))
            {
                return last;
            }

            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        Assert.Fail($"{path} never reached the expected state; last: {System.Text.Json.JsonSerializer.Serialize(last, ContractJson.Options)}");
        return last!;
    }

    [Fact]
    public async Task Acknowledging_records_the_first_response_once_and_answers_404_400_and_409_as_documented()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var created = await InvestigateAsync(client);
        Assert.Equal(CaseEventKind.Opened, created.Timeline[0].Kind);
        var path = $"/v1/cases/{created.Id}/acknowledgement";

        var unknown = await client.PostAsync("/v1/cases/case_missing/acknowledgement", ServiceHost.Json("""{"by":"lead@example.com"}"""));
        var missingBy = await client.PostAsync(path, ServiceHost.Json("""{"by":"  "}"""));
        var first = await client.PostAsync(path, ServiceHost.Json("""{"by":"lead@example.com"}"""));
        var again = await client.PostAsync(path, ServiceHost.Json("""{"by":"other@example.com"}"""));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missingBy.StatusCode);
        Assert.True((await ServiceHost.ReadJsonAsync(missingBy)).GetProperty("errors").TryGetProperty("by", out _));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var acknowledged = Assert.Single((await ServiceHost.ReadCaseAsync(again)).Timeline, e => e.Kind == CaseEventKind.Acknowledged);
        Assert.Equal("lead@example.com", acknowledged.By);

        var resolved = await client.PostAsync($"/v1/cases/{created.Id}/resolution",
            ServiceHost.Json("""{"rootCause":"two invoices for two plans","resolution":"explained","confirmedBy":"lead@example.com"}"""));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Contains((await ServiceHost.ReadCaseAsync(resolved)).Timeline, e => e.Kind == CaseEventKind.Resolved);
        var afterResolution = await client.PostAsync(path, ServiceHost.Json("""{"by":"lead@example.com"}"""));
        Assert.Equal(HttpStatusCode.Conflict, afterResolution.StatusCode);
    }

    [Fact]
    public async Task The_monitor_escalates_an_open_case_once_its_tier_threshold_passes_on_the_injected_clock()
    {
        using var service = new ServiceHost();
        var clock = new FakeTimeProvider(Created.AddMinutes(5));
        using var host = WithClock(service, clock);
        using var client = host.CreateClient();
        var created = await InvestigateAsync(client);
        Assert.Equal((SupportTier.Tier1, null), (created.Decision!.Route.Tier, created.Decision.Escalation));
        Assert.DoesNotContain(created.Timeline, e => e.Kind == CaseEventKind.Escalated);

        clock.Advance(TimeSpan.FromHours(2));
        var escalated = await UntilAsync<SupportCase>(client, clock, $"/v1/cases/{created.Id}", c => c.Timeline.Any(e => e.Kind == CaseEventKind.Escalated));

        var escalation = Assert.Single(escalated.Timeline, e => e.Kind == CaseEventKind.Escalated);
        Assert.Equal(("tier2", EscalationTrigger.Time, SlaWatch.By), (escalation.Tier, escalation.Trigger!.Value, escalation.By));
        Assert.True(escalation.At >= Created.AddMinutes(5).AddHours(2));
    }

    [Fact]
    public async Task Breaches_are_listed_with_priority_target_due_time_and_current_tier_and_bad_paging_is_400()
    {
        using var service = new ServiceHost();
        var clock = new FakeTimeProvider(Created.AddMinutes(5));
        using var host = WithClock(service, clock);
        using var client = host.CreateClient();
        var created = await InvestigateAsync(client);
        Assert.Equal(0, (await client.GetFromJsonAsync<SlaBreachPage>("/v1/sla/breaches", ContractJson.Options))!.Total);

        clock.Advance(TimeSpan.FromDays(8));
        var page = await UntilAsync<SlaBreachPage>(client, clock, "/v1/sla/breaches?page=1&pageSize=10", p => p.Total == 2);

        var sla = created.Decision!.Sla;
        Assert.Equal(
            [(SlaMeasure.FirstResponse, sla.FirstResponseDue), (SlaMeasure.Resolution, sla.ResolutionDue)],
            page.Items.Select(b => (b.Breached, b.Due!.Value)).OrderBy(b => b.Breached));
        Assert.All(page.Items, b => Assert.Equal((created.Id, created.Decision.Priority, "tier2"), (b.CaseId, b.Priority!.Value, b.CurrentTier)));
        Assert.All(page.Items, b => Assert.True(b.BreachedAt >= Created.AddDays(8)));

        var bad = await client.GetAsync("/v1/sla/breaches?page=0&pageSize=500");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ServiceHost.ReadJsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("page", out _) && errors.TryGetProperty("pageSize", out _));
    }
}
