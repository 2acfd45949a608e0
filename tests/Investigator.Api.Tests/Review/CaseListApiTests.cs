using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Tests.Review;

/// <summary>The case list's filters and its rows' review fields, through the running service.</summary>
public sealed class CaseListApiTests
{
    private static async Task<string> InvestigateAsync(HttpClient client, string sample) =>
        (await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(sample))))).Id;

    /// <summary>The ids listed, comma-separated, and the total.</summary>
    private static async Task<(string Ids, int Total)> ListAsync(HttpClient client, string query)
    {
        var page = (await client.GetFromJsonAsync<CasePage>($"/v1/cases{query}", ContractJson.Options))!;
        return (string.Join(",", page.Items.Select(c => c.Id)), page.Total);
    }

    private static string Ids(params string[] ids) => string.Join(",", ids);

    [Fact]
    public async Task The_list_filters_by_disposition_priority_tier_and_due_targets_combined_with_status_and_paging()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        // productDefect P1 tier3; userOrConfigurationMistake P2 tier2; expectedBehaviour P3 tier1. All three are past their first-response target.
        var exports = await InvestigateAsync(client, "s08-csv-export-fails.json");
        var revokedKey = await InvestigateAsync(client, "s03-401-since-yesterday.json");
        var chargedTwice = await InvestigateAsync(client, "s14-charged-twice.json");

        Assert.Equal((Ids(exports), 1), await ListAsync(client, "?disposition=productDefect"));
        Assert.Equal((Ids(chargedTwice), 1), await ListAsync(client, "?priority=p3"));
        Assert.Equal((Ids(revokedKey), 1), await ListAsync(client, "?tier=TIER2"));
        Assert.Equal((Ids(), 0), await ListAsync(client, "?tier=tier2&priority=P1"));
        Assert.Equal((Ids(revokedKey), 1), await ListAsync(client, "?status=completed&tier=tier2&disposition=userOrConfigurationMistake&priority=P2&dueWithinHours=0"));
        Assert.Equal((Ids(chargedTwice, revokedKey, exports), 3), await ListAsync(client, "?dueWithinHours=0"));
        Assert.Equal((Ids(revokedKey), 3), await ListAsync(client, "?dueWithinHours=0&page=2&pageSize=1"));

        // A resolved case is no longer open: nothing of it is due.
        await client.PostAsJsonAsync($"/v1/cases/{exports}/resolution", new { rootCause = "Worker memory.", resolution = "Paged exports.", confirmedBy = "Alex Lead" });
        Assert.Equal((Ids(chargedTwice, revokedKey), 2), await ListAsync(client, "?dueWithinHours=2147483647"));
        Assert.Equal((Ids(exports), 1), await ListAsync(client, "?disposition=productDefect"));
    }

    [Fact]
    public async Task A_row_carries_its_last_change_queue_resolution_target_and_acknowledgement()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var id = await InvestigateAsync(client, "s03-401-since-yesterday.json");
        var investigated = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{id}"));

        var before = (await ServiceHost.ReadJsonAsync(await client.GetAsync("/v1/cases"))).GetProperty("items")[0];
        await client.PostAsJsonAsync($"/v1/cases/{id}/acknowledgement", new { by = "Alex Lead" });
        var after = (await client.GetFromJsonAsync<CasePage>("/v1/cases", ContractJson.Options))!.Items.Single();

        Assert.Equal(investigated.UpdatedAt, before.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("integrations", before.GetProperty("queue").GetString());
        Assert.Equal(investigated.Decision!.Sla.ResolutionDue, before.GetProperty("resolutionDue").GetDateTimeOffset());
        Assert.Equal(investigated.Decision.Sla.FirstResponseDue, before.GetProperty("firstResponseDue").GetDateTimeOffset());
        Assert.Equal("tier2", before.GetProperty("tier").GetString());
        Assert.Equal("P2", before.GetProperty("priority").GetString());
        Assert.False(before.GetProperty("acknowledged").GetBoolean());
        Assert.True(after.Acknowledged);
    }

    [Theory]
    [InlineData("?disposition=broken", "disposition")]
    [InlineData("?priority=P5", "priority")]
    [InlineData("?tier=management", "tier")]
    [InlineData("?dueWithinHours=-1", "dueWithinHours")]
    [InlineData("?dueWithinHours=soon", "dueWithinHours")]
    [InlineData("?status=stuck&tier=tier9", "tier")]
    public async Task A_filter_value_the_contract_does_not_know_is_a_400_naming_the_parameter(string query, string parameter)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"/v1/cases{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ServiceHost.ReadJsonAsync(response)).GetProperty("errors").TryGetProperty(parameter, out var messages), $"errors do not name {parameter}");
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
    }
}
