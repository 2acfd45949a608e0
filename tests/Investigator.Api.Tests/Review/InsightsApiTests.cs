using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Investigator.Api.Tests.Review;

/// <summary>The insights report through the running service: its shape, what leads' overrides do to it, its period and its errors.</summary>
public sealed class InsightsApiTests
{
    private static async Task<string> InvestigateAsync(HttpClient client, string sample) =>
        (await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(sample))))).Id;

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();

    [Fact]
    public async Task The_last_30_days_count_the_cases_and_the_leads_overrides_in_the_contract_shape()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var exports = await InvestigateAsync(client, "s08-csv-export-fails.json");
        var revokedKey = await InvestigateAsync(client, "s03-401-since-yesterday.json");
        await client.PostAsJsonAsync($"/v1/cases/{revokedKey}/override", new { field = "priority", value = "P1", reason = "CI blocked.", by = "Alex Lead" });
        await client.PostAsJsonAsync($"/v1/cases/{exports}/override", new { field = "route", value = "tier2/billing", reason = "Billing exports.", by = "Alex Lead" });
        await client.PostAsJsonAsync($"/v1/cases/{exports}/override", new { field = "route", value = "tier3/engineering", reason = "Back after all.", by = "Sam Lead" });

        using var response = await client.GetAsync("/v1/insights");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ServiceHost.ReadJsonAsync(response);
        Assert.Equal(["from", "to", "cases", "volumes", "sla", "escalationRate", "escalations", "misroutesCorrected", "overrides", "timeToFirstEvidence", "recurring"], Names(report));
        Assert.Equal(30, (report.GetProperty("to").GetDateTimeOffset() - report.GetProperty("from").GetDateTimeOffset()).TotalDays, 6);
        Assert.Equal(2, report.GetProperty("cases").GetInt32());
        var volumes = report.GetProperty("volumes");
        Assert.Equal(["byDisposition", "byType", "byPriority"], Names(volumes));
        Assert.Equal((1, 1), (volumes.GetProperty("byDisposition").GetProperty("productDefect").GetInt32(), volumes.GetProperty("byDisposition").GetProperty("userOrConfigurationMistake").GetInt32()));
        Assert.Equal((2, 0), (volumes.GetProperty("byPriority").GetProperty("P1").GetInt32(), volumes.GetProperty("byPriority").GetProperty("P2").GetInt32()));
        Assert.Equal(1, volumes.GetProperty("byType").GetProperty("bug").GetInt32());
        var p1 = report.GetProperty("sla").EnumerateArray().Single(s => s.GetProperty("priority").GetString() == "P1");
        Assert.Equal(["priority", "cases", "firstResponseMet", "resolutionMet", "breaches"], Names(p1));
        Assert.Equal(2, p1.GetProperty("cases").GetInt32());
        // The export case escalated to engineering when it was decided.
        Assert.Equal((1, 0.5), (report.GetProperty("escalations").GetInt32(), report.GetProperty("escalationRate").GetDouble()));
        Assert.Equal(1, report.GetProperty("misroutesCorrected").GetInt32());
        var overrides = report.GetProperty("overrides");
        Assert.Equal((0, 1, 2), (overrides.GetProperty("disposition").GetInt32(), overrides.GetProperty("priority").GetInt32(), overrides.GetProperty("route").GetInt32()));
        var timing = report.GetProperty("timeToFirstEvidence");
        Assert.Equal(["cases", "medianSeconds", "p90Seconds"], Names(timing));
        Assert.Equal(2, timing.GetProperty("cases").GetInt32());
        Assert.True(timing.GetProperty("p90Seconds").GetDouble() >= timing.GetProperty("medianSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("recurring").ValueKind);
    }

    [Fact]
    public async Task Similar_cases_of_the_period_recur_with_their_ids_and_an_article_or_null()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var first = await InvestigateAsync(client, "s08-csv-export-fails.json");
        var second = await InvestigateAsync(client, "s08-csv-export-fails.json");
        await InvestigateAsync(client, "s14-charged-twice.json");

        var recurring = (await ServiceHost.ReadJsonAsync(await client.GetAsync("/v1/insights"))).GetProperty("recurring");

        var cluster = Assert.Single(recurring.EnumerateArray());
        Assert.Equal(["label", "size", "caseIds", "suggestedArticle"], Names(cluster));
        Assert.Equal(2, cluster.GetProperty("size").GetInt32());
        Assert.Equal([first, second], cluster.GetProperty("caseIds").EnumerateArray().Select(i => i.GetString()));
        Assert.DoesNotMatch(@"acc_\d+|@", cluster.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("suggestedArticle").ValueKind);
    }

    [Fact]
    public async Task A_period_in_the_past_counts_nothing_received_now_and_echoes_its_bounds()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        await InvestigateAsync(client, "s03-401-since-yesterday.json");

        var report = await ServiceHost.ReadJsonAsync(await client.GetAsync("/v1/insights?from=2024-05-01&to=2024-05-31"));

        Assert.Equal(0, report.GetProperty("cases").GetInt32());
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), report.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2024-05-31T23:59:59.9999999Z", System.Globalization.CultureInfo.InvariantCulture), report.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("timeToFirstEvidence").GetProperty("medianSeconds").ValueKind);
        Assert.Equal(0, report.GetProperty("escalationRate").GetDouble());
    }

    [Theory]
    [InlineData("?from=2024-06-01&to=2024-05-01", "from")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2024-02-30", "to")]
    [InlineData("?from=2999-01-01", "from")]
    public async Task A_period_that_is_no_date_or_ends_before_it_starts_is_a_400_naming_the_parameter(string query, string parameter)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"/v1/insights{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ServiceHost.ReadJsonAsync(response)).GetProperty("errors").TryGetProperty(parameter, out _), $"errors do not name {parameter}");
    }
}
