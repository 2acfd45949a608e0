using System.Net;
using Investigator.Core.Cases;

namespace Investigator.Api.Tests;

public sealed class InvestigationApiTests
{
    public static TheoryData<string> SampleTickets()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceHost.RepoRoot, "samples", "tickets"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleTickets))]
    public async Task Every_sample_ticket_comes_back_as_a_complete_case(string file)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(file)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.NotNull(c.Facts);
        Assert.False(string.IsNullOrWhiteSpace(c.Facts.ProblemStatement.Value));
        Assert.NotNull(c.Investigation);
        Assert.Contains(c.Investigation.Evidence, e => c.Trace!.Any(t => t.Id == e.TraceStepId && t.Outcome == Core.Investigation.TraceOutcome.Ok));
        Assert.NotNull(c.Decision);
        Assert.NotEmpty(c.Decision.Rationale);
        Assert.NotNull(c.Draft);
        Assert.All(c.Draft.Citations, id => Assert.Contains(c.Investigation.Evidence, e => e.Id == id));
        Assert.NotEmpty(c.Trace!);
        Assert.Contains(c.Trace!, t => t.Name == "drafting");
    }

    [Fact]
    public async Task Without_wait_the_case_is_accepted_and_finished_in_the_background()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/v1/cases/case_", location, StringComparison.Ordinal);
        SupportCase? c = null;
        for (var i = 0; i < 100 && c?.Status != CaseStatus.Completed; i++)
        {
            await Task.Delay(50);
            c = await ServiceHost.ReadCaseAsync(await client.GetAsync(location));
        }

        Assert.Equal(CaseStatus.Completed, c?.Status);
    }

    [Fact]
    public async Task A_case_survives_a_restart()
    {
        string id;
        var folder = Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"));
        using (var first = new ServiceHost(folder))
        using (var client = first.CreateClient())
        {
            var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s06-is-your-api-broken-429.json")));
            id = (await ServiceHost.ReadCaseAsync(response)).Id;
        }

        using var second = new ServiceHost(folder);
        using var again = second.CreateClient();
        var reread = await again.GetAsync($"/v1/cases/{id}");

        Assert.Equal(HttpStatusCode.OK, reread.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(reread);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.NotNull(c.Draft);
    }

    [Fact]
    public async Task A_confirmed_resolution_is_learned()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s04-api-stopped-authenticating.json"))));

        var missing = await client.PostAsync($"/v1/cases/{created.Id}/resolution", ServiceHost.Json("""{"rootCause":"expired key"}"""));
        var resolved = await client.PostAsync($"/v1/cases/{created.Id}/resolution",
            ServiceHost.Json("""{"rootCause":"The API key reached its 90-day expiry.","resolution":"Customer created a new key.","confirmedBy":"lead@support.example"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("confirmedBy", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(resolved);
        Assert.Equal(CaseStatus.Resolved, c.Status);
        Assert.NotNull(c.Resolution);
        Assert.Null(c.Resolution.Report);                                  // not an incident, not escalated
    }

    [Fact]
    public async Task The_third_similar_resolution_no_article_answers_comes_back_with_a_drafted_article()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var ticket = ServiceHost.SampleTicket("s04-api-stopped-authenticating.json")
            .Replace("API not authenticating anymore", "Calendar sync writes meetings one hour off after the clock change", StringComparison.Ordinal);
        const string resolution = """
            {"rootCause":"The customer's calendar connector sent local times without an offset after the daylight saving change.",
             "resolution":"Send times with an explicit UTC offset. Re-run the sync for the affected week","confirmedBy":"lead@support.example"}
            """;

        var outcomes = new List<SupportCase>();
        for (var i = 0; i < 3; i++)
        {
            var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ticket)));
            outcomes.Add(await ServiceHost.ReadCaseAsync(await client.PostAsync($"/v1/cases/{created.Id}/resolution", ServiceHost.Json(resolution))));
        }

        Assert.Null(outcomes[0].Resolution!.SuggestedArticle);
        Assert.Null(outcomes[1].Resolution!.SuggestedArticle);
        var article = outcomes[2].Resolution!.SuggestedArticle;
        Assert.NotNull(article);
        Assert.Equal(3, article.Occurrences);
        Assert.Equal(["Send times with an explicit UTC offset.", "Re-run the sync for the affected week."], article.Steps);
        Assert.Contains("calendar connector", article.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_an_incident_writes_its_report_with_the_timeline_prevention_and_lessons()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s02-production-down-503.json"))));
        Assert.Equal(Core.Decisioning.Disposition.Incident, created.Decision!.Disposition);

        var resolved = await client.PostAsync($"/v1/cases/{created.Id}/resolution", ServiceHost.Json("""
            {"rootCause":"A bad api-gateway release exhausted the connection pool.","resolution":"Rolled back the release.",
             "confirmedBy":"lead@support.example","verification":"Error rate back to baseline for 2 hours.",
             "prevention":"Canary the gateway with pool saturation alerts.","lessonsLearned":"Pool limits were not load-tested."}
            """));

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var report = (await ServiceHost.ReadCaseAsync(resolved)).Resolution!.Report;
        Assert.NotNull(report);
        Assert.Equal(["reported", "acknowledged", "investigating", "resolved"], report.Timeline.Select(t => t.Stage));
        Assert.True(report.Timeline.Zip(report.Timeline.Skip(1)).All(p => p.First.At <= p.Second.At));
        Assert.Equal("Canary the gateway with pool saturation alerts.", report.Prevention);
        Assert.Equal("Pool limits were not load-tested.", report.LessonsLearned);
        Assert.Equal("Rolled back the release.", report.Solution);
        Assert.StartsWith("P", report.Impact, StringComparison.Ordinal);
    }
}
