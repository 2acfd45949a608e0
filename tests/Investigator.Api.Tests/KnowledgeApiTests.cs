using System.Net;
using System.Net.Http.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Tests;

public sealed class KnowledgeApiTests
{
    private const string CalendarResolution = """
        {"rootCause":"The customer's calendar connector sent local times without an offset after the daylight saving change.",
         "resolution":"Send times with an explicit UTC offset. Re-run the sync for the affected week","confirmedBy":"lead@support.example",
         "verification":"Meetings land at the right hour in the customer's calendar.","prevention":"Reject times without an offset at the API."}
        """;

    private const string ExportResolution = """
        {"rootCause":"The export worker ran out of temporary disk space on exports over two gigabytes.",
         "resolution":"Free the worker's temporary volume. Re-run the export","confirmedBy":"lead@support.example"}
        """;

    private static string CalendarTicket() => ServiceHost.SampleTicket("s04-api-stopped-authenticating.json")
        .Replace("API not authenticating anymore", "Calendar sync writes meetings one hour off after the clock change", StringComparison.Ordinal);

    private static async Task<List<SupportCase>> ResolveAsync(HttpClient client, string ticket, string resolution, int times)
    {
        var resolved = new List<SupportCase>();
        for (var i = 0; i < times; i++)
        {
            var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ticket)));
            var response = await client.PostAsync($"/v1/cases/{created.Id}/resolution", ServiceHost.Json(resolution));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            resolved.Add(await ServiceHost.ReadCaseAsync(response));
        }

        return resolved;
    }

    [Fact]
    public async Task Suggested_articles_are_listed_once_per_cluster_the_latest_draft_winning_and_read_as_markdown()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var calendar = await ResolveAsync(client, CalendarTicket(), CalendarResolution, 4);
        var exports = await ResolveAsync(client, ServiceHost.SampleTicket("s08-csv-export-fails.json"), ExportResolution, 3);
        Assert.NotNull(calendar[2].Resolution!.SuggestedArticle);                  // the third and the fourth both drafted the calendar article
        Assert.NotNull(calendar[3].Resolution!.SuggestedArticle);
        Assert.NotNull(exports[2].Resolution!.SuggestedArticle);

        var page = await client.GetFromJsonAsync<SuggestedArticlePage>("/v1/knowledge/suggestions", ContractJson.Options);
        var first = await client.GetFromJsonAsync<SuggestedArticlePage>("/v1/knowledge/suggestions?page=1&pageSize=1", ContractJson.Options);
        var second = await client.GetFromJsonAsync<SuggestedArticlePage>("/v1/knowledge/suggestions?page=2&pageSize=1", ContractJson.Options);
        var markdown = await client.GetAsync($"/v1/knowledge/suggestions/{calendar[3].Id}");

        Assert.Equal(2, page!.Total);
        Assert.Equal([calendar[3].Id, exports[2].Id], page.Items.Select(i => i.CaseId).Order(StringComparer.Ordinal));
        Assert.Equal(SuggestedArticles.Rank(page.Items).Select(i => i.CaseId), page.Items.Select(i => i.CaseId));
        Assert.Equal(calendar[3].Resolution!.SuggestedArticle!.Title, Assert.Single(page.Items, i => i.CaseId == calendar[3].Id).Suggestion.Title);
        Assert.Equal(exports[2].Decision!.Escalation is not null, Assert.Single(page.Items, i => i.CaseId == exports[2].Id).Escalated);
        Assert.Equal(page.Items.Select(i => i.CaseId), [Assert.Single(first!.Items).CaseId, Assert.Single(second!.Items).CaseId]);
        Assert.Equal((2, 1, 2), (second.Total, second.PageSize, second.Page));

        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Equal(["## Problem", "## Symptoms", "## Cause", "## Resolution", "## Steps", "## Related cases"],
            text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Contains("3. Verify: Meetings land at the right hour in the customer's calendar.", text, StringComparison.Ordinal);
        Assert.Contains("calendar connector sent local times", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_without_a_drafted_article_gets_404_problem_details()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var resolved = (await ResolveAsync(client, CalendarTicket(), CalendarResolution, 1))[0];

        var none = await client.GetAsync($"/v1/knowledge/suggestions/{resolved.Id}");
        var unknown = await client.GetAsync("/v1/knowledge/suggestions/case_does_not_exist");
        var empty = await client.GetFromJsonAsync<SuggestedArticlePage>("/v1/knowledge/suggestions", ContractJson.Options);

        Assert.Null(resolved.Resolution!.SuggestedArticle);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (none.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains(resolved.Id, (await ServiceHost.ReadJsonAsync(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, empty!.Total);
        Assert.Empty(empty.Items);
    }

    [Theory]
    [InlineData("/v1/knowledge/suggestions?page=0", "page")]
    [InlineData("/v1/knowledge/suggestions?pageSize=0", "pageSize")]
    [InlineData("/v1/knowledge/suggestions?pageSize=201", "pageSize")]
    public async Task Bad_paging_gets_400_naming_the_parameter(string url, string field)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ServiceHost.ReadJsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }
}
