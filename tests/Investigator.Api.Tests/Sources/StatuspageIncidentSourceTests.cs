using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.Statuspage;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

/// <summary>The Statuspage client against real GitHub status-page incidents (Fixtures/ATTRIBUTION.md).</summary>
public sealed class StatuspageIncidentSourceTests
{
    internal static string Fixture(string name) =>
        RepoFiles.Read("tests", "Investigator.Api.Tests", "Sources", "Fixtures", name);

    internal static Dictionary<string, string> GitHubStatusPage() => new()
    {
        ["/api/v2/incidents.json"] = Fixture("statuspage-incidents.json"),
        ["/api/v2/incidents/unresolved.json"] = Fixture("statuspage-incidents-unresolved.json"),
        ["/api/v2/components.json"] = Fixture("statuspage-components.json"),
    };

    [Fact]
    public async Task Real_incidents_map_to_status_incidents_with_updates_newest_first_and_the_unresolved_one_open()
    {
        await using var page = await FakeSourceServer.ServingAsync(GitHubStatusPage());
        using var services = Statuspage(page.BaseUrl);

        var incidents = await services.GetRequiredService<StatuspageIncidentSource>().ListIncidentsAsync(CancellationToken.None);

        Assert.Equal(["bmpybhnrky3x", "k8vbzwqjkxzn", "vm1w8zq95wkt", "1t7x65n7kvt1"], incidents.Select(i => i.Id));   // newest first, no duplicate
        var webhooks = incidents[1];
        Assert.Equal(("Incident with Webhooks", "resolved", "minor"), (webhooks.Name, webhooks.Status, webhooks.Impact));
        Assert.Equal(new DateTimeOffset(2026, 8, 13, 14, 45, 0, TimeSpan.Zero), webhooks.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 8, 13, 15, 36, 0, TimeSpan.Zero), webhooks.ResolvedAt);
        Assert.Equal(["Git Operations", "Webhooks", "Issues", "Pull Requests", "Packages"], webhooks.Components.Select(c => c.Name));
        Assert.Equal(9, webhooks.IncidentUpdates.Count);
        Assert.Equal("resolved", webhooks.IncidentUpdates[0].Status);
        Assert.True(webhooks.IncidentUpdates.Zip(webhooks.IncidentUpdates.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));
        Assert.False(webhooks.IsOpen);
        Assert.StartsWith("We are investigating", webhooks.IncidentUpdates[^1].Body, StringComparison.Ordinal);

        var open = incidents[0];
        Assert.Equal(("monitoring", (DateTimeOffset?)null), (open.Status, open.ResolvedAt));
        Assert.True(open.IsOpen);
        Assert.Equal(["Actions", "Pages"], open.Components.Select(c => c.Name));

        Assert.Equal(["/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"], page.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unresolved_incident_missing_from_the_recent_list_is_still_returned()
    {
        var files = GitHubStatusPage();
        files["/api/v2/incidents.json"] = """{"page":{"id":"kctbh9vrtdwd","name":"GitHub"},"incidents":[]}""";
        await using var page = await FakeSourceServer.ServingAsync(files);
        using var services = Statuspage(page.BaseUrl);

        var incident = Assert.Single(await services.GetRequiredService<StatuspageIncidentSource>().ListIncidentsAsync(CancellationToken.None));

        Assert.Equal("bmpybhnrky3x", incident.Id);
    }

    [Fact]
    public async Task Component_groups_read_as_regions_name_components_the_way_incidents_are_matched()
    {
        await using var page = await FakeSourceServer.ServingAsync(new Dictionary<string, string>
        {
            ["/api/v2/incidents.json"] = """
                {"page":{"id":"p1","name":"Flowpoint"},"incidents":[{"id":"inc1","name":"Delayed webhook deliveries","status":"identified","impact":"major",
                  "created_at":"2026-11-12T13:42:00.000Z","updated_at":"2026-11-12T14:05:00.000Z","resolved_at":null,"shortlink":"https://stspg.io/abc",
                  "incident_updates":[{"id":"u1","status":"identified","body":"Deliveries time out.","created_at":"2026-11-12T14:05:00.000Z","display_at":"2026-11-12T14:05:00.000Z"}],
                  "components":[{"id":"c-wh-eu","name":"Webhooks","status":"degraded_performance","group_id":"g-eu","group":false}]}]}
                """,
            ["/api/v2/incidents/unresolved.json"] = """{"incidents":[]}""",
            ["/api/v2/components.json"] = """
                {"page":{"id":"p1"},"components":[
                  {"id":"g-eu","name":"eu-west","status":"degraded_performance","group_id":null,"group":true,"components":["c-wh-eu"]},
                  {"id":"c-wh-eu","name":"Webhooks","status":"degraded_performance","group_id":"g-eu","group":false}]}
                """,
        });
        using var services = Statuspage(page.BaseUrl, groupsAreRegions: true);

        var incident = Assert.Single(await services.GetRequiredService<StatuspageIncidentSource>().ListIncidentsAsync(CancellationToken.None));

        Assert.Equal("Webhooks (eu-west)", Assert.Single(incident.Components).Name);
        Assert.Contains(page.Requests, r => r.Path == "/api/v2/components.json");
    }

    internal static ServiceProvider Statuspage(Uri baseUrl, bool groupsAreRegions = false)
    {
        var options = new StatuspageOptions { BaseUrl = baseUrl.ToString(), ComponentGroupsAreRegions = groupsAreRegions, Resilience = SourceHost.Quick() };
        return SourceHost.Build(s => s.AddStatuspageIncidentSource(_ => options));
    }
}
